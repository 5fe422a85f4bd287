"""Every UI string in one place, Danish first. An English switch is a second column here, not a rewrite."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"da": "Socialtal", "en": "Socialtal"},
    "tagline": {
        "da": "Udviklingen på socialområdet i kommuner og regioner",
        "en": "Social services in Danish municipalities and regions",
    },
    "demo_banner": {
        "da": "DEMODATA: tallene er opdigtede til afprøvning og stammer ikke fra Danmarks Statistik.",
        "en": "DEMO DATA: invented figures for trying the dashboard, not from Statistics Denmark.",
    },
    "indicators_heading": {"da": "Indlæste indikatorer", "en": "Loaded indicators"},
    "col_indicator": {"da": "Indikator", "en": "Indicator"},
    "col_unit": {"da": "Enhed", "en": "Unit"},
    "col_source": {"da": "Kilde", "en": "Source"},
    "col_periods": {"da": "Perioder", "en": "Periods"},
    "col_latest": {"da": "Seneste, hele landet", "en": "Latest, whole country"},
    "computed_note": {"da": "beregnet", "en": "computed"},
    "computed_legend": {
        "da": "Beregnet: summen af kommunerne (eller regionerne), fordi Danmarks Statistik ikke "
        "udgiver tallet for hele landet.",
        "en": "Computed: the sum of the municipalities (or regions), because Statistics Denmark "
        "does not publish the national figure.",
    },
    "built_at": {"da": "Data opdateret", "en": "Data updated"},
    "source_line": {
        "da": "Kilde: Danmarks Statistik, statistikbanken.dk/{table}",
        "en": "Source: Statistics Denmark, statistikbanken.dk/{table}",
    },
    "source_line_dated": {
        "da": "Kilde: Danmarks Statistik, statistikbanken.dk/{table} · opdateret {updated}",
        "en": "Source: Statistics Denmark, statistikbanken.dk/{table} · updated {updated}",
    },
    "source_esundhed": {
        "da": "Kilde: Sundhedsdatastyrelsen, eSundhed.dk · indlæst {updated}",
        "en": "Source: Danish Health Data Authority, eSundhed.dk · loaded {updated}",
    },
    "per_1000": {"da": "pr. 1.000 {population}", "en": "per 1,000 {population}"},
    "per_inhabitant_kr": {"da": "kr. pr. indbygger", "en": "DKK per inhabitant"},
    "index_label": {"da": "indeks ({year} = 100)", "en": "index ({year} = 100)"},
    "share_label": {"da": "pct. af hele landet", "en": "per cent of the national total"},
    "measure_count": {"da": "Antal", "en": "Count"},
    "measure_per_capita": {"da": "Pr. indbygger", "en": "Per capita"},
    "measure_index": {"da": "Indeks", "en": "Index"},
    "measure_share": {"da": "Andel af landet", "en": "Share of country"},
    "measure_value": {"da": "Værdi", "en": "Value"},
    "peers_region": {"da": "Samme region", "en": "Same region"},
    "peers_size": {"da": "Samme størrelse", "en": "Similar size"},
    "peers_group": {"da": "Samme kommunegruppe", "en": "Same municipality group"},
    "peers_custom": {"da": "Eget valg", "en": "Own choice"},
    "nav_overview": {"da": "Forside", "en": "Overview"},
    "nav_compare": {"da": "Sammenlign", "en": "Compare"},
    "nav_map": {"da": "Kort", "en": "Map"},
    "nav_region": {"da": "Region", "en": "Region"},
    "nav_about": {"da": "Om data", "en": "About the data"},
    "switch_language": {"da": "English", "en": "Dansk"},
    "licence_line": {
        "da": "Data fra Danmarks Statistik (CC BY 4.0) og Sundhedsdatastyrelsen. Egne beregninger: Socialtal.",
        "en": "Data from Statistics Denmark (CC BY 4.0) and the Danish Health Data Authority. Calculations: Socialtal.",
    },
    "show_table": {"da": "Vis tallene bag figuren", "en": "Show the figures behind the chart"},
    "not_found_detail": {
        "da": "Vi kender ikke {what}. Vælg en af siderne herunder.",
        "en": "We do not know {what}. Choose one of the pages below.",
    },
    "pick_municipality": {"da": "Vælg din kommune", "en": "Choose your municipality"},
    "overview_intro": {
        "da": "Hele landet: seneste tal, udvikling over fem år og kilde. Vælg en kommune for at se "
        "den mod regionen, landet og sammenlignelige kommuner.",
        "en": "The whole country: latest figures, five-year change and source. Choose a municipality "
        "to see it against its region, the country and comparable municipalities.",
    },
    "topic_children": {"da": "Udsatte børn og unge", "en": "Children and young people at risk"},
    "topic_adults": {"da": "Voksne med særlige behov", "en": "Adults with special needs"},
    "topic_spending": {"da": "Udgifter", "en": "Spending"},
    "topic_psychiatry": {"da": "Psykiatri", "en": "Psychiatry"},
    "topic_population": {"da": "Befolkning", "en": "Population"},
    "change_5y": {"da": "{change} på fem år", "en": "{change} over five years"},
    "municipality": {"da": "Kommune", "en": "Municipality"},
    "unit": {"da": "Enhed", "en": "Unit"},
    "peers": {"da": "Sammenlign med", "en": "Compare with"},
    "base_year": {"da": "Basisår (indeks, udvikling)", "en": "Base year (index, change)"},
    "own_peers": {"da": "Egne sammenligningskommuner", "en": "Own comparison municipalities"},
    "budget_pressure": {"da": "Flere borgere, samme penge?", "en": "More citizens, same money?"},
    "budget_pressure_intro": {
        "da": "Udgifter og antal modtagere som indeks: når modtagerne stiger mere end "
        "udgifterne, følger pengene ikke med.",
        "en": "Spending and recipients as an index: when recipients rise faster than "
        "spending, the money does not follow.",
    },
    "budget_title_children": {
        "da": "{area}: udgifter og modtagere, børn og unge",
        "en": "{area}: spending and recipients, children",
    },
    "budget_title_adults": {
        "da": "{area}: udgifter og modtagere, voksne",
        "en": "{area}: spending and recipients, adults",
    },
    "series_spending": {"da": "Udgifter", "en": "Spending"},
    "series_recipients": {"da": "Modtagere", "en": "Recipients"},
    "source_own_calculation": {
        "da": "Kilde: Egne beregninger baseret på tal fra Danmarks Statistik ({tables})",
        "en": "Source: own calculations based on Statistics Denmark ({tables})",
    },
    "summary_value": {
        "da": "{value} {unit} i {period}, landet {country}",
        "en": "{value} {unit} in {period}, country {country}",
    },
    "summary_up": {"da": "steget {change} pct. siden {year}", "en": "up {change} per cent since {year}"},
    "summary_down": {"da": "faldet {change} pct. siden {year}", "en": "down {change} per cent since {year}"},
    "summary_flat": {"da": "uændret siden {year}", "en": "unchanged since {year}"},
    "summary_rank": {
        "da": "nr. {rank} af {total} kommuner (1 = højest)",
        "en": "rank {rank} of {total} municipalities (1 = highest)",
    },
    "summary_region_only": {"da": "kun tal for regionen", "en": "region figures only"},
    "indicator": {"da": "Indikator", "en": "Indicator"},
    "period": {"da": "Periode", "en": "Period"},
    "year": {"da": "År", "en": "Year"},
    "region": {"da": "Region", "en": "Region"},
    "municipalities": {"da": "Kommuner", "en": "Municipalities"},
    "map_click_hint": {
        "da": "Klik på en kommune for at se dens profil.",
        "en": "Click a municipality to open its profile.",
    },
    "region_intro": {
        "da": "Regionens {n} kommuner side om side: seneste tal, pr. indbygger hvor det giver mening.",
        "en": "The region's {n} municipalities side by side: latest figures, per capita where it makes sense.",
    },
    "side_by_side": {"da": "Alle indikatorer", "en": "All indicators"},
    "side_by_side_note": {
        "da": "Pr. 1.000 af den relevante befolkning; udgifter i kr. pr. indbygger; uden nævner: "
        "antal; andele og gennemsnit som de er. Tom celle: tallet er ikke offentliggjort "
        "('..').",
        "en": "Per 1,000 of the relevant population; spending in DKK per inhabitant; without a "
        "denominator: count; shares and averages as they are. Empty cell: not published "
        "('..').",
    },
    "col_dst_updated": {"da": "Opdateret af DST", "en": "Updated by DST"},
    "col_loaded": {"da": "Indlæst", "en": "Loaded"},
    "col_first": {"da": "Første periode", "en": "First period"},
    "col_last": {"da": "Seneste periode", "en": "Latest period"},
    "col_definition": {"da": "Definition", "en": "Definition (Danish)"},
    "about_intro": {
        "da": "Alle tal kommer fra Danmarks Statistiks statistikbank (statistikbanken.dk) og fra "
        "eSundhed.dk. Tabellen viser kilde, opdateringsdato og definition for hver indikator.",
        "en": "All figures come from Statistics Denmark's StatBank (statistikbanken.dk) and eSundhed.dk. "
        "The table shows the source, update date and definition of each indicator.",
    },
    "demo_explained": {
        "da": "Denne installation viser DEMODATA: opdigtede tal i realistisk størrelse, så siderne "
        "kan afprøves. Kør `etl run` for at hente de rigtige tal.",
        "en": "This installation shows DEMO DATA: invented figures of realistic size for trying the "
        "pages. Run `etl run` to load the real figures.",
    },
    "caveats": {"da": "Forbehold og databrud", "en": "Caveats and series breaks"},
    "caveat_placements_2011": {
        "da": "Anbringelsesstatistikken (ANBAAR) er opgjort efter administrationskommune og findes fra 2011.",
        "en": "Placement statistics (ANBAAR) are by administering municipality, from 2011.",
    },
    "caveat_barnets_lov": {
        "da": "Barnets Lov trådte i kraft 1. januar 2024 og afløste servicelovens regler om børn: "
        "tal fra 2024 er ikke fuldt sammenlignelige med tidligere år.",
        "en": "The Children's Act (Barnets Lov) replaced the Social Services Act's rules for "
        "children on 1 January 2024: figures from 2024 are not fully comparable.",
    },
    "caveat_lpr3": {
        "da": "Overgangen til Landspatientregistret LPR3 i 2019 giver brud i sygehusstatistikken (SBR04 og sengedage).",
        "en": "The switch to the National Patient Register LPR3 in 2019 breaks the hospital series "
        "(SBR04 and bed-days).",
    },
    "caveat_hand07_total": {
        "da": "HAND07 har ingen total: en person kan modtage flere ydelser, og de to § 85-typer lægges sammen.",
        "en": "HAND07 has no total: a person can receive several services, and the two §85 types are added up.",
    },
    "caveat_christiansoe": {
        "da": "Christiansø (411) er ikke en kommune og indgår ikke blandt de 98.",
        "en": "Christiansø (411) is not a municipality and is not among the 98.",
    },
    "caveat_computed": {
        "da": "Regions- og landstal, som DST ikke udgiver, er beregnet som summen af kommunerne; "
        "mangler én kommune, vises tallet ikke.",
        "en": "Region and country figures that DST does not publish are sums of the municipalities; "
        "if one is missing, none is shown.",
    },
    "caveat_accounts": {
        "da": "Udgifter er nettodriftsudgifter i løbende priser fra de kommunale regnskaber (REGK31).",
        "en": "Spending is net operating spending at current prices from municipal accounts (REGK31).",
    },
    "licence": {"da": "Licens", "en": "Licence"},
    "licence_text": {
        "da": "Data fra Danmarks Statistik er frit tilgængelige under CC BY 4.0. Kilde: Danmarks "
        "Statistik; ved bearbejdning: Egne beregninger baseret på tal fra Danmarks Statistik.",
        "en": "Data from Statistics Denmark are free under CC BY 4.0. Source: Statistics Denmark; "
        "when transformed: own calculations based on figures from Statistics Denmark.",
    },
    "this_page": {"da": "denne side", "en": "this page"},
    # in figures
    "no_data": {"da": "Ingen data", "en": "No data"},
    "gap_note": {"da": "Manglende værdier ('..') vises som huller", "en": "Missing values ('..') shown as gaps"},
    "peers_band_legend": {"da": "Sammenligningskommuner", "en": "Comparable municipalities"},
    "peers_legend": {"da": "Sammenligningskommuner", "en": "Comparable municipalities"},
    "ranking_missing": {
        "da": "Ingen værdi ('..') for {n} kommuner: vist nederst uden søjle",
        "en": "No value ('..') for {n} municipalities: listed at the bottom without a bar",
    },
    "rank_of": {"da": "nr. {rank} af {n}", "en": "no. {rank} of {n}"},
    "map_missing": {"da": "Grå: ingen værdi ('..')", "en": "Grey: no value ('..')"},
    "own_outline": {"da": "Sort ramme: {name}", "en": "Black outline: {name}"},
    "demo_watermark": {"da": "DEMODATA", "en": "DEMO DATA"},
    "export_image": {"da": "Gem figuren", "en": "Save the chart"},
    "download_slides": {"da": "Hent slides (PowerPoint)", "en": "Download slides (PowerPoint)"},
    "export_chart_data": {"da": "tallene (CSV)", "en": "its data (CSV)"},
    "export_as_shown": {"da": "PNG som vist", "en": "PNG as shown"},
    "download_indicator": {"da": "Hele indikatoren", "en": "The whole indicator"},
    "download_csv_excel": {"da": "CSV til Excel", "en": "CSV for Excel"},
    "export_png_wide": {"da": "PNG 16:9", "en": "PNG 16:9"},
    "export_png_square": {"da": "PNG kvadrat", "en": "PNG square"},
    # downloads (dashboard/routes/downloads.py)
    "download_unknown_indicator": {
        "da": "Ukendt indikator: {indicator_id}. Se de indlæste indikatorer på /om-data.",
        "en": "Unknown indicator: {indicator_id}. See the loaded indicators at /om-data.",
    },
    "export_bad_format": {
        "da": "ukendt format {fmt!r}; brug {allowed}",
        "en": "unknown format {fmt!r}; use {allowed}",
    },
    "export_bad_size": {
        "da": "ukendt størrelse {size!r}; brug {allowed}",
        "en": "unknown size {size!r}; use {allowed}",
    },
    "export_bad_size_or_none": {
        "da": "ukendt størrelse {size!r}; brug {allowed} eller ingen (som vist)",
        "en": "unknown size {size!r}; use {allowed} or none (as shown)",
    },
    "export_not_found": {
        "da": "{what}; se /om-data for gyldige koder og indikatorer",
        "en": "{what}; see /om-data for the valid codes and indicators",
    },
    "export_bad_page": {
        "da": "page skal være en adresse på denne side, fx /sammenlign?indicator=children_placed",
        "en": "page must be an address on this site, e.g. /sammenlign?indicator=children_placed",
    },
    "export_no_chart": {
        "da": "ingen figur {chart!r} på {page!r}",
        "en": "no chart {chart!r} on {page!r}",
    },
    "export_no_table": {
        "da": "ingen tabel bag figuren {chart!r}",
        "en": "no table behind the chart {chart!r}",
    },
    "deck_unknown_area": {
        "da": "ukendt {what} {code!r}; brug en af de {n} koder {first}–{last}",
        "en": "unknown {what} {code!r}; use one of the {n} codes {first}–{last}",
    },
    "deck_no_areas": {
        "da": "ukendt {what} {code!r}; ingen er indlæst",
        "en": "unknown {what} {code!r}; none are loaded",
    },
    "area_code_word_kommune": {"da": "kommunekode", "en": "municipality code"},
    "area_code_word_region": {"da": "regionskode", "en": "region code"},
    "image_export_unavailable": {
        "da": "Billedeksport kræver en Chromium-browser på serveren: installer Debians pakke med "
        "`apt-get install chromium` (eller sæt BROWSER_PATH til en Chrome/Chromium). Tallene kan stadig hentes "
        "som CSV og XLSX.",
        "en": "Image export needs a Chromium browser on the server: install Debian's package with "
        "`apt-get install chromium` (or set BROWSER_PATH to a Chrome/Chromium binary). The figures can still be "
        "downloaded as CSV and XLSX.",
    },
    # what a bad address names, on the not-found page (dashboard/core/state.py NotFound)
    "not_found_kommune": {"da": "kommune {code}", "en": "municipality {code}"},
    "not_found_unknown_kommune": {"da": "ukendt kommune {code}", "en": "unknown municipality {code}"},
    "not_found_unknown_indicator": {"da": "ukendt indikator {indicator_id}", "en": "unknown indicator {indicator_id}"},
    "not_found_source_missing": {
        "da": "{indicator_id}: ingen data, kilden {source} er ikke indlæst",
        "en": "{indicator_id}: no data, the source {source} is not loaded",
    },
    "not_found_national_only": {
        "da": "{indicator_id}: ingen tal for kommuner eller regioner (kun hele landet)",
        "en": "{indicator_id}: no figures for municipalities or regions (national only)",
    },
    "not_found_region": {"da": "region {code}", "en": "region {code}"},
    "deck_bad_lang": {
        "da": "ukendt parameter lang={value!r}; brug {allowed}",
        "en": "unknown parameter lang={value!r}; use {allowed}",
    },
    "download_bad_variant": {
        "da": "Ukendt variant: {variant}. Brug {allowed}.",
        "en": "Unknown variant: {variant}. Use {allowed}.",
    },
    "download_no_such_file": {
        "da": "Ingen download på /data/{path}. Brug /data/<indikator>.csv eller "
        "/data/<indikator>.xlsx; se indikatorerne på /om-data.",
        "en": "No download at /data/{path}. Use /data/<indicator>.csv or "
        "/data/<indicator>.xlsx; see the indicators at /om-data.",
    },
    "download_licence": {
        "da": "Data fra Danmarks Statistik er frit tilgængelige under CC BY 4.0. Kilde: Danmarks "
        "Statistik; bearbejdning: Socialtal.",
        "en": "Data from Statistics Denmark are free under CC BY 4.0. Source: Statistics Denmark; "
        "processing: Socialtal.",
    },
    "download_licence_esundhed": {
        "da": "Kilde: Sundhedsdatastyrelsen, eSundhed.dk; bearbejdning: Socialtal.",
        "en": "Source: Danish Health Data Authority, eSundhed.dk; processing: Socialtal.",
    },
    "download_label_indicator": {"da": "Indikator (id)", "en": "Indicator (id)"},
    "download_label_title": {"da": "Titel", "en": "Title"},
    "download_label_unit": {"da": "Enhed", "en": "Unit"},
    "download_label_definition": {"da": "Definition", "en": "Definition"},
    "download_label_table": {"da": "Kildetabel", "en": "Source table"},
    "download_label_table_url": {"da": "Kildetabel på nettet", "en": "Source table online"},
    "download_label_dst_updated": {"da": "Opdateret hos Danmarks Statistik", "en": "Updated by Statistics Denmark"},
    "download_label_loaded": {"da": "Indlæst i Socialtal", "en": "Loaded into Socialtal"},
    "download_label_periods": {"da": "Perioder", "en": "Periods"},
    "download_label_basis": {"da": "Datagrundlag", "en": "Data basis"},
    "download_label_data_version": {"da": "Dataversion (Socialtal)", "en": "Data version (Socialtal)"},
    "download_label_licence": {"da": "Licens og kildeangivelse", "en": "Licence and attribution"},
    "embed_button": {"da": "Indlejr grafen", "en": "Embed the chart"},
    "embed_code_label": {"da": "Kode til jeres hjemmeside", "en": "Code for your website"},
    "embed_note": {
        "da": "Kopiér koden ind på en side. Grafen følger visningen i adressen og tilpasser selv "
        "højden (uden script er den 520 px høj).",
        "en": "Paste the code into a page. The chart follows the view in the address and fits its "
        "height itself (520 px without the script).",
    },
    "embed_copy": {"da": "Kopiér koden", "en": "Copy the code"},
    "embed_open": {"da": "Åbn den indlejrede graf", "en": "Open the embedded chart"},
    "embed_back": {"da": "Se hele profilen på Socialtal", "en": "See the full profile on Socialtal"},
    "embed_demo_line": {
        "da": "DEMODATA: opdigtede tal, ikke fra Danmarks Statistik",
        "en": "DEMO DATA: invented figures, not from Statistics Denmark",
    },
    "embed_no_municipal_figures": {
        "da": "{indicator} (ingen tal for kommuner)",
        "en": "{indicator} (no figures for municipalities)",
    },
    # slide deck (dashboard/routes/deck.py)
    "deck_made": {"da": "Socialtal · {date}", "en": "Socialtal · {date}"},
    "deck_data_date": {
        "da": "Data senest opdateret af Danmarks Statistik {date}",
        "en": "Data last updated by Statistics Denmark {date}",
    },
    "deck_demo": {"da": "DEMODATA – opdigtede tal", "en": "DEMO DATA – invented figures"},
    "deck_kicker_kommune": {"da": "Kommuneprofil · {region}", "en": "Municipality profile · {region}"},
    "deck_kicker_region": {"da": "Regionens {n} kommuner", "en": "The region's {n} municipalities"},
    "deck_intro_kommune": {
        "da": "Udviklingen på socialområdet mod regionen, landet og regionens øvrige kommuner.",
        "en": "Social services against the region, the country and the region's other municipalities.",
    },
    "deck_intro_region": {
        "da": "Kommunerne rangeret på hver indikator, pr. indbygger hvor det giver mening.",
        "en": "The municipalities ranked on each indicator, per capita where it makes sense.",
    },
    "deck_key_numbers": {"da": "Nøgletal {period}", "en": "Key figures {period}"},
    "deck_country": {"da": "Hele landet", "en": "Denmark"},
    "deck_highest": {"da": "Højest: {name}", "en": "Highest: {name}"},
    "deck_lowest": {"da": "Lavest: {name}", "en": "Lowest: {name}"},
    "deck_closing_title": {"da": "Definitioner og kilder", "en": "Definitions and sources"},
    "deck_definitions": {"da": "Definitioner", "en": "Definitions (in Danish)"},
    "deck_sources": {"da": "Kilder", "en": "Sources"},
    "deck_esundhed_source": {
        "da": "eSundhed.dk (Sundhedsdatastyrelsen)",
        "en": "eSundhed.dk (Danish Health Data Authority)",
    },
    "deck_chart_alt": {"da": "Diagram: {title}, {unit}, {period}", "en": "Chart: {title}, {unit}, {period}"},
    "bad_address": {
        "da": "Adressen indeholder tegn, som ingen side hos Socialtal har.",
        "en": "The address contains characters no Socialtal page has.",
    },
    "server_error_title": {"da": "Der skete en fejl", "en": "Something went wrong"},
    "server_error_body": {
        "da": "Siden kunne ikke vises. Fejlen er skrevet i serverens log; prøv igen om lidt.",
        "en": "The page could not be shown. The error is in the server's log; try again shortly.",
    },
    "not_found_title": {"da": "Siden findes ikke", "en": "Page not found"},
    "not_found_body": {
        "da": "Adressen {path} findes ikke. Gå til forsiden.",
        "en": "There is no page at {path}. Go to the front page.",
    },
    "front_page": {"da": "Forside", "en": "Front page"},
    # sources whose last refresh failed (stale) or that never loaded (missing): dashboard/core/source_status.py
    "sources_notice_heading": {"da": "Nogle tal er ikke opdateret:", "en": "Some figures are not up to date:"},
    "sources_notice_stale": {
        "da": "{source} ({what}) kunne ikke hentes ved seneste kørsel; de viste tal er fra {date}.",
        "en": "{source} ({what}) could not be fetched in the latest run; the figures shown are from {date}.",
    },
    "sources_notice_stale_undated": {
        "da": "{source} ({what}) kunne ikke hentes ved seneste kørsel; de viste tal er fra en tidligere kørsel.",
        "en": "{source} ({what}) could not be fetched in the latest run; the figures shown are from an earlier run.",
    },
    "sources_notice_missing": {
        "da": "Mangler: {source} er ikke indlæst; tal for {what} vises ikke.",
        "en": "Missing: {source} is not loaded; figures for {what} are not shown.",
    },
    "sources_notice_missing_plain": {
        "da": "Mangler: {source} er ikke indlæst.",
        "en": "Missing: {source} is not loaded.",
    },
    "sources_notice_more": {"da": "… og {n} kilder mere.", "en": "… and {n} more sources."},
    "sources_notice_link": {"da": "Se Om data", "en": "See About the data"},
    "sources_what_more": {"da": "{first} m.fl.", "en": "{first} and others"},
    "sources_what_none": {"da": "kilden", "en": "the source"},
    "no_data_missing_source": {
        "da": "Ingen data: kilden {source} er ikke indlæst (se Om data)",
        "en": "No data: the source {source} is not loaded (see About the data)",
    },
    "source_not_refreshed": {"da": "(ikke opdateret ved seneste kørsel)", "en": "(not refreshed in the latest run)"},
    "status_ok": {"da": "OK", "en": "OK"},
    "status_stale": {"da": "Forældet", "en": "Stale"},
    "status_missing": {"da": "Mangler", "en": "Missing"},
    "col_status": {"da": "Status", "en": "Status"},
    "col_error": {"da": "Besked fra seneste kørsel", "en": "Message from the latest run"},
    "col_indicators": {"da": "Indikatorer", "en": "Indicators"},
    "col_table": {"da": "Tabel", "en": "Table"},
    "sources_heading": {"da": "Kilder", "en": "Sources"},
    "sources_intro": {
        "da": "Hver kilde med status fra seneste kørsel af `etl run`: OK, Forældet (kunne ikke "
        "opdateres; de tidligere tal vises) eller Mangler (aldrig indlæst; ingen tal).",
        "en": "Every source with its status from the latest `etl run`: OK, Stale (could not be "
        "refreshed; the previous figures are shown) or Missing (never loaded; no figures).",
    },
    "indicator_missing_option": {"da": "{title} (ingen data)", "en": "{title} (no data)"},
    "summary_up_points": {
        "da": "steget {change} procentpoint siden {year}",
        "en": "up {change} percentage points since {year}",
    },
    "summary_down_points": {
        "da": "faldet {change} procentpoint siden {year}",
        "en": "down {change} percentage points since {year}",
    },
    "no_warehouse": {
        "da": "Der er ingen data endnu. Kør `etl run --demo` eller `etl run`.",
        "en": "No data yet. Run `etl run --demo` or `etl run`.",
    },
}

UNITS: dict[str, dict[str, str]] = {
    "persons": {"da": "personer", "en": "persons"},
    "notifications": {"da": "underretninger", "en": "notifications"},
    "dkk_thousands": {"da": "1.000 kr.", "en": "DKK 1,000"},
    "dkk_millions": {"da": "mio. kr.", "en": "DKK million"},
    "bed_days": {"da": "sengedage", "en": "bed-days"},
    "percent": {"da": "pct.", "en": "per cent"},
    "stays_per_person": {"da": "ophold pr. person", "en": "stays per person"},
}


def t(key: str, lang: str = "da", **values: object) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key]["da"]
    return text.format(**values) if values else text


def unit_label(unit: str, lang: str = "da") -> str:
    return UNITS.get(unit, {}).get(lang, unit)
