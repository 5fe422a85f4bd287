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
        "udgifterne i faste priser, følger pengene ikke med. Udgift pr. modtager er udgifterne delt med antallet "
        "af modtagere, et forhold og ikke en pris pr. ydelse.",
        "en": "Spending and recipients as an index: when recipients rise faster than "
        "spending in fixed prices, the money does not follow. Spending per recipient is spending divided by the "
        "number of recipients, a ratio and not a price per service.",
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
    # The budget view answers its question in words, in current and fixed prices (issue 11, part 3):
    # dashboard/warehouse/budget.py (the sentence), dashboard/ui/budget_card.py (the chart), Om data's caveat.
    "budget_series_spending": {"da": "Udgifter (løbende priser)", "en": "Spending (current prices)"},
    "budget_series_spending_fixed": {"da": "Udgifter (faste priser)", "en": "Spending (fixed prices)"},
    "budget_series_recipients": {"da": "Modtagere (personer)", "en": "Recipients (persons)"},
    "budget_series_per_recipient_fixed": {
        "da": "Udgift pr. modtager (faste priser)",
        "en": "Spending per recipient (fixed prices)",
    },
    # the legend's names on a phone (assets/chart_fit.js)
    "budget_short_spending": {"da": "Udgifter", "en": "Spending"},
    "budget_short_spending_fixed": {"da": "Udgifter, faste priser", "en": "Spending, fixed prices"},
    "budget_short_recipients": {"da": "Modtagere", "en": "Recipients"},
    "budget_short_per_recipient_fixed": {"da": "Pr. modtager, faste priser", "en": "Per recipient, fixed prices"},
    "budget_subtitle": {
        "da": "Indeks ({year} = 100). Udgifter i løbende og faste priser ({price_year}-priser), modtagere i personer",
        "en": "Index ({year} = 100). Spending in current and fixed prices ({price_year} prices), recipients in persons",
    },
    "budget_subtitle_current": {
        "da": "Indeks ({year} = 100). Udgifter i løbende priser, modtagere i personer",
        "en": "Index ({year} = 100). Spending in current prices, recipients in persons",
    },
    "budget_note_fixed_prices": {
        "da": "Faste priser med forbrugerprisindekset ({table}): husholdningernes priser, ikke kommunernes "
        "omkostninger (mest løn). En tilnærmelse.",
        "en": "Fixed prices by the consumer price index ({table}): households' prices, not the municipalities' "
        "costs (mostly wages). An approximation.",
    },
    "budget_answer_moved": {"da": "{first}–{last}: {moves}", "en": "{first}–{last}: {moves}"},
    "budget_answer_spending_up": {"da": "udgifterne steg {amount} pct.", "en": "spending rose {amount} per cent"},
    "budget_answer_spending_down": {"da": "udgifterne faldt {amount} pct.", "en": "spending fell {amount} per cent"},
    "budget_answer_spending_flat": {"da": "udgifterne var uændrede", "en": "spending was unchanged"},
    "budget_answer_recipients_up": {"da": "modtagerne steg {amount} pct.", "en": "recipients rose {amount} per cent"},
    "budget_answer_recipients_down": {
        "da": "modtagerne faldt {amount} pct.",
        "en": "recipients fell {amount} per cent",
    },
    "budget_answer_recipients_flat": {"da": "modtagerne var uændrede", "en": "recipients were unchanged"},
    "budget_answer_per_recipient": {
        "da": "udgiften pr. modtager er {current} i løbende priser og {fixed} i faste priser ({price_year}-priser)",
        "en": "spending per recipient is {current} in current prices and {fixed} in fixed prices ({price_year} prices)",
    },
    "budget_answer_per_recipient_current_only": {
        "da": "udgiften pr. modtager er {current} i løbende priser",
        "en": "spending per recipient is {current} in current prices",
    },
    "budget_answer_per_recipient_up": {"da": "steget {amount} pct.", "en": "up {amount} per cent"},
    "budget_answer_per_recipient_down": {"da": "faldet {amount} pct.", "en": "down {amount} per cent"},
    "budget_answer_per_recipient_flat": {"da": "uændret", "en": "unchanged"},
    "budget_answer_per_recipient_fixed_up": {"da": "steget ca. {amount} pct.", "en": "up about {amount} per cent"},
    "budget_answer_per_recipient_fixed_down": {
        "da": "faldet ca. {amount} pct.",
        "en": "down about {amount} per cent",
    },
    "budget_answer_per_recipient_fixed_flat": {"da": "omtrent uændret", "en": "about unchanged"},
    "budget_answer_level": {
        "da": "i {year} var udgiften ca. {amount} kr. pr. modtager",
        "en": "in {year}, spending was about DKK {amount} per recipient",
    },
    "budget_no_fixed_prices_missing": {
        "da": "faste priser vises ikke: prisindekset ({table}) er ikke indlæst (se Om data)",
        "en": "fixed prices are not shown: the price index ({table}) is not loaded (see About the data)",
    },
    "budget_no_fixed_prices_years": {
        "da": "faste priser vises ikke: prisindekset ({table}) har intet tal for {years}",
        "en": "fixed prices are not shown: the price index ({table}) has no figure for {years}",
    },
    "budget_no_fixed_prices_unknown": {
        "da": "faste priser vises ikke: der er intet prisindeks i data",
        "en": "fixed prices are not shown: the data hold no price index",
    },
    "caveat_fixed_prices": {
        "da": "Faste priser (Flere borgere, samme penge?): udgifterne i løbende priser deles med "
        "forbrugerprisindekset ({table}, varegrupper i alt, årets gennemsnit af 12 måneder) i forhold til det "
        "seneste år med et prisindeks, og står så i dette års priser. Forbrugerprisindekset måler "
        "husholdningernes priser, ikke kommunernes omkostninger, som mest er lønninger; KL og Finansministeriet "
        "regner i faste priser med P/L-indekset, som Statistikbanken ikke udgiver. Faste priser her er derfor en "
        "tilnærmelse. Prisindekset er for hele landet og bruges for alle kommuner og regioner.",
        "en": "Fixed prices (More citizens, same money?): spending in current prices is divided by the consumer "
        "price index ({table}, all groups of goods, the mean of each year's 12 months) relative to the latest "
        "year with a price index, so it stands in that year's prices. The consumer price index measures "
        "households' prices, not the municipalities' costs, which are mostly wages; KL and the Ministry of "
        "Finance use the P/L index for fixed prices, which StatBank does not publish. Fixed prices here are "
        "therefore an approximation. The price index is national and applies to every municipality and region.",
    },
    "source_own_calculation": {
        "da": "Kilde: Egne beregninger baseret på tal fra Danmarks Statistik ({tables})",
        "en": "Source: own calculations based on Statistics Denmark ({tables})",
    },
    "summary_value": {
        "da": "{value} {unit} i {period} ({region} {region_value}, landet {country})",
        "en": "{value} {unit} in {period} ({region} {region_value}, Denmark {country})",
    },
    "summary_up": {"da": "steget {change} pct. siden {year}", "en": "up {change} per cent since {year}"},
    "summary_down": {"da": "faldet {change} pct. siden {year}", "en": "down {change} per cent since {year}"},
    "summary_flat": {"da": "uændret siden {year}", "en": "unchanged since {year}"},
    "summary_rank": {
        "da": "nr. {rank} af {total} kommuner (1 = højest)",
        "en": "rank {rank} of {total} municipalities (1 = highest)",
    },
    "summary_region_only": {"da": "kun tal for regionen", "en": "region figures only"},
    # Key figures first (issue 11, part 1): the strip at the top of a municipality's page, the sentence under a
    # chart naming the region (summary_value above), and the headers of the tables behind the charts.
    "summary_value_region": {
        "da": "{region}: {value} {unit} i {period} (landet {country})",
        "en": "{region}: {value} {unit} in {period} (Denmark {country})",
    },
    "key_figures_heading": {"da": "Nøgletal", "en": "Key figures"},
    "key_figures_caption": {
        "da": "Nøgletal for {area}: seneste tal mod {region}, hele landet og sammenligningskommunerne",
        "en": "Key figures for {area}: latest figures against {region}, the country and comparable municipalities",
    },
    "key_figures_col_indicator": {"da": "Nøgletal", "en": "Indicator"},
    "key_figures_col_peers": {  # a soft hyphen lets the long Danish word break in a narrow column
        "da": "Sammenlignings\u00adkommuner (laveste–højeste)",
        "en": "Comparable municipalities (lowest–highest)",
    },
    "key_figures_peers_label": {"da": "Sammenlignelige kommuner", "en": "Comparable municipalities"},
    "key_figures_col_rank": {"da": "Placering (1 = højest)", "en": "Rank (1 = highest)"},
    "key_figures_col_change": {"da": "Ændring", "en": "Change"},
    "key_figures_col_trend": {"da": "Udvikling", "en": "Trend"},
    "key_figures_col_versus": {"da": "{area} ligger", "en": "{area} is"},
    "key_figures_since": {"da": "siden {year}", "en": "since {year}"},
    "key_figures_region_only": {"da": "kun regionstal", "en": "region figures only"},
    "key_figures_above_region": {"da": "over regionen", "en": "above the region"},
    "key_figures_below_region": {"da": "under regionen", "en": "below the region"},
    "key_figures_level_region": {"da": "på niveau med regionen", "en": "level with the region"},
    "key_figures_above_country": {"da": "over landet", "en": "above the country"},
    "key_figures_below_country": {"da": "under landet", "en": "below the country"},
    "key_figures_level_country": {"da": "på niveau med landet", "en": "level with the country"},
    "key_figures_region_versus": {"da": "regionen ligger {words}", "en": "the region is {words}"},
    "key_figures_per_capita": {"da": "{words} (pr. indbygger)", "en": "{words} (per capita)"},
    "key_figures_better": {"da": "bedre", "en": "better"},
    "key_figures_worse": {"da": "dårligere", "en": "worse"},
    "key_figures_trend_alt": {
        "da": "Udvikling {first}–{last}: fra {start} til {end}",
        "en": "Trend {first}–{last}: from {start} to {end}",
    },
    "key_figures_none": {"da": "ingen tal", "en": "no figures"},
    "area_country": {"da": "Hele landet", "en": "Denmark"},
    "indicator": {"da": "Indikator", "en": "Indicator"},
    "period": {"da": "Periode", "en": "Period"},
    "year": {"da": "År", "en": "Year"},
    "region": {"da": "Region", "en": "Region"},
    "municipalities": {"da": "Kommuner", "en": "Municipalities"},
    "map_click_hint": {
        "da": "Klik på en kommune for at se dens profil.",
        "en": "Click a municipality to open its profile.",
    },
    # the map on every screen (dashboard/pages/area_map.py): the ranked list beside it, the named year controls
    "map_areas": {"da": "Fremhæv kommuner", "en": "Outline municipalities"},
    "map_year_input": {"da": "År (skriv årstal)", "en": "Year (type a year)"},
    "map_list_heading": {"da": "Alle kommuner efter værdi", "en": "All municipalities by value"},
    "map_list_note": {
        "da": "{unit} · {period}. Højeste først; vælg en kommune for at se dens profil.",
        "en": "{unit} · {period}. Highest first; choose a municipality to open its profile.",
    },
    "map_chosen": {"da": "(fremhævet)", "en": "(outlined)"},
    "side_by_side": {"da": "Alle indikatorer", "en": "All indicators"},
    # The region page as the debate meeting's briefing (issue 11, part 4): what stands out, the budget view of the
    # region's municipalities, the psychiatry picture, the grid; its slides (dashboard/routes/deck.py).
    "briefing_intro": {
        "da": "Briefing før debatmødet: hvor regionen skiller sig ud fra landet, budgetpresset i regionens "
        "{n} kommuner, psykiatrien og alle kommunerne side om side.",
        "en": "Briefing for the debate meeting: where the region differs from the country, the budget pressure in "
        "its {n} municipalities, psychiatry, and every municipality side by side.",
    },
    "briefing_standouts": {"da": "Det skiller sig ud", "en": "What stands out"},
    "briefing_standouts_intro": {
        "da": "Regionen mod hele landet på hver indikator, seneste tal, største forskel først. Pr. indbygger, "
        "hvor antal ikke kan sammenlignes; andele som de er.",
        "en": "The region against the country on every indicator, latest figures, largest difference first. Per "
        "capita where counts cannot be compared; shares as they are.",
    },
    "briefing_col_difference": {"da": "Forskel", "en": "Difference"},
    "briefing_above_pct": {"da": "{amount} pct. over landet", "en": "{amount} per cent above the country"},
    "briefing_below_pct": {"da": "{amount} pct. under landet", "en": "{amount} per cent below the country"},
    "briefing_above_points": {
        "da": "{amount} procentpoint over landet",
        "en": "{amount} percentage points above the country",
    },
    "briefing_below_points": {
        "da": "{amount} procentpoint under landet",
        "en": "{amount} percentage points below the country",
    },
    "briefing_level": {"da": "på niveau med landet", "en": "level with the country"},
    "briefing_extremes": {"da": "Kommunerne længst fra landet", "en": "The municipalities furthest from the country"},
    "briefing_extremes_intro": {
        "da": "Hver kommune én gang, på den indikator hvor den ligger nærmest toppen eller bunden blandt landets "
        "kommuner (nr. 1 = højest).",
        "en": "Each municipality once, on the indicator where it comes nearest the top or the bottom of all "
        "municipalities (no. 1 = highest).",
    },
    "briefing_furthest_above": {"da": "Længst over landet", "en": "Furthest above the country"},
    "briefing_furthest_below": {"da": "Længst under landet", "en": "Furthest below the country"},
    "briefing_extreme_detail": {
        "da": "{value} {unit} ({period}), {difference}, nr. {rank} af {total}",
        "en": "{value} {unit} ({period}), {difference}, no. {rank} of {total}",
    },
    "briefing_none": {"da": "Ingen.", "en": "None."},
    "briefing_budget_intro": {
        "da": "Regionens {n} kommuner tilsammen: udgifter og antal modtagere som indeks. Når modtagerne stiger "
        "mere end udgifterne i faste priser, følger pengene ikke med.",
        "en": "The region's {n} municipalities together: spending and recipients as an index. When recipients "
        "rise faster than spending in fixed prices, the money does not follow.",
    },
    "briefing_psychiatry": {"da": "Psykiatrien: region og kommuner", "en": "Psychiatry: region and municipalities"},
    "briefing_psychiatry_intro": {
        "da": "Regionens sengedage og udgifter i psykiatrien ved siden af modtagerne af botilbud (§ 107, § 108) "
        "og socialpædagogisk støtte (§ 85) i regionens kommuner tilsammen, som indeks fra basisåret: "
        "flytter opgaver sig mellem region og kommuner?",
        "en": "The region's psychiatric bed-days and spending beside the recipients of residential care (§107, "
        "§108) and socio-pedagogical support (§85) in its municipalities together, as an index from the base "
        "year: are tasks moving between region and municipalities?",
    },
    "briefing_psychiatry_title": {
        "da": "{area}: psykiatri i regionen og botilbud og støtte i kommunerne",
        "en": "{area}: regional psychiatry and municipal residential care and support",
    },
    "briefing_psychiatry_note": {
        "da": "Udgifter i løbende priser; sengedage og modtagere i antal.",
        "en": "Spending at current prices; bed-days and recipients as counts.",
    },
    "briefing_psychiatry_none": {
        "da": "Ingen psykiatrifigur: der skal være mindst to af serierne med tal for de samme år.",
        "en": "No psychiatry chart: at least two of the series need figures for the same years.",
    },
    "briefing_series_psychiatric_bed_days": {
        "da": "Sengedage i psykiatrien (regionen)",
        "en": "Psychiatric bed-days (region)",
    },
    "briefing_series_psychiatry_spending": {
        "da": "Udgifter til psykiatri (regionen)",
        "en": "Psychiatry spending (region)",
    },
    "briefing_series_adults_sel107": {
        "da": "§ 107 midlertidigt botilbud (kommunerne)",
        "en": "§107 temporary residential care (municipalities)",
    },
    "briefing_series_adults_sel108": {
        "da": "§ 108 længerevarende botilbud (kommunerne)",
        "en": "§108 long-term residential care (municipalities)",
    },
    "briefing_series_adults_sel85": {
        "da": "§ 85 socialpædagogisk støtte (kommunerne)",
        "en": "§85 socio-pedagogical support (municipalities)",
    },
    "briefing_moved_intro": {"da": "Fra {first} til {last}:", "en": "From {first} to {last}:"},
    "briefing_moved_up": {"da": "{label} steg {amount} pct.", "en": "{label} rose {amount} per cent"},
    "briefing_moved_down": {"da": "{label} faldt {amount} pct.", "en": "{label} fell {amount} per cent"},
    "briefing_moved_flat": {"da": "{label} var uændret", "en": "{label} was unchanged"},
    "briefing_grid_note": {
        "da": "Regionen og hele landet står først; enheden og perioden under hver indikator. Tom celle ('..'): "
        "tallet er ikke offentliggjort.",
        "en": "The region and the country come first; the unit and period under each indicator. Empty cell "
        "('..'): not published.",
    },
    "briefing_grid_own": {"da": "{name} er fremhævet.", "en": "{name} is highlighted."},
    "briefing_one_indicator": {
        "da": "Én indikator: kommunerne rangeret og udviklingen",
        "en": "One indicator: the municipalities ranked, and the trend",
    },
    "deck_standouts_title": {"da": "{area}: det skiller sig ud", "en": "{area}: what stands out"},
    "briefing_source_with_esundhed": {
        "da": "Kilde: Egne beregninger baseret på tal fra Danmarks Statistik ({tables}) og Sundhedsdatastyrelsen "
        "(eSundhed.dk)",
        "en": "Source: own calculations based on Statistics Denmark ({tables}) and the Danish Health Data Authority "
        "(eSundhed.dk)",
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
    # Om data's series breaks (dashboard/pages/about.py); the breaks themselves are data: etl/sources/*.yaml
    "breaks_heading": {"da": "Databrud", "en": "Series breaks"},
    "breaks_intro": {
        "da": "En stiplet lodret linje i en figur markerer et databrud: tallene før og efter linjen er ikke fuldt "
        "sammenlignelige. Linjen vises kun, hvor figurens tal går hen over bruddet. Forklaringerne står herunder "
        "og vises også, når man holder musen over mærkaten i figuren.",
        "en": "A dashed vertical line in a chart marks a series break: the figures before and after it are not "
        "fully comparable. The line is shown only where the chart's figures span the break. The explanations are "
        "below, and appear when you hover over the label in the chart.",
    },
    "breaks_item": {"da": "{label} ({period}):", "en": "{label} ({period}):"},
    "breaks_affects": {"da": "Gælder: {indicators}.", "en": "Affects: {indicators}."},
    "breaks_none": {
        "da": "Ingen databrud er registreret i dette datagrundlag (kør `etl run` for at hente dem).",
        "en": "No series breaks are recorded in this warehouse (run `etl run` to load them).",
    },
    "caveats": {"da": "Forbehold", "en": "Caveats"},
    "caveat_placements_admin": {
        "da": "Anbringelsesstatistikken (ANBAAR) er opgjort efter administrationskommune: den kommune, der har "
        "ansvaret for anbringelsen.",
        "en": "Placement statistics (ANBAAR) are by administering municipality: the municipality responsible for "
        "the placement.",
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
    # Charts legible at every width (issue 11, part 2): a narrow screen's legend, and Plotly's own tips in the
    # page's language (dcc.Graph config "locales", dashboard/ui/components.py)
    "legend_short_region": {"da": "Region", "en": "Region"},
    "legend_short_country": {"da": "Landet", "en": "Denmark"},
    "legend_short_peers": {"da": "Sammenlignelige", "en": "Comparable"},
    "plotly_tip_zoom_out": {"da": "Dobbeltklik for at zoome ud igen", "en": "Double-click to zoom back out"},
    "plotly_tip_legend": {
        "da": "Dobbeltklik på en forklaring for kun at vise den",
        "en": "Double-click on legend to isolate one trace",
    },
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
        "da": "Det skiller sig ud, budgetpresset og psykiatrien; så kommunerne rangeret på hver indikator, pr. "
        "indbygger hvor det giver mening.",
        "en": "What stands out, budget pressure and psychiatry; then the municipalities ranked on each indicator, "
        "per capita where it makes sense.",
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
    # the page shell for keyboards and screen readers: dashboard/ui/components.py, dashboard/web/page_head.py
    "page_title": {"da": "{page} – Socialtal", "en": "{page} – Socialtal"},
    "skip_to_content": {"da": "Gå til indhold", "en": "Skip to content"},
    "loading": {"da": "Indlæser …", "en": "Loading …"},
    "site_navigation": {"da": "Sider", "en": "Pages"},
    # Dash's dropdown's own words (dcc.Dropdown `labels`); {num_selected} is filled in by the dropdown itself
    "dropdown_select_all": {"da": "Vælg alle", "en": "Select all"},
    "dropdown_deselect_all": {"da": "Fravælg alle", "en": "Deselect all"},
    "dropdown_selected_count": {"da": "{num_selected} valgt", "en": "{num_selected} selected"},
    "dropdown_search": {"da": "Søg", "en": "Search"},
    "dropdown_clear_search": {"da": "Ryd søgningen", "en": "Clear search"},
    "dropdown_clear_selection": {"da": "Ryd valget", "en": "Clear selection"},
    "dropdown_no_options": {"da": "Ingen resultater", "en": "No results"},
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
    # exports that fit their use (issue 11, part 9): the ranking for slides, the chart's numbers as XLSX,
    # per-capita values in the whole-indicator downloads
    "ranking_slide_note": {
        "da": "De {keep} højeste og de {keep} laveste af {n} kommuner og de valgte; {gap} står for de udeladte",
        "en": "The {keep} highest and {keep} lowest of {n} municipalities and the chosen ones; {gap} marks those "
        "left out",
    },
    "ranking_slide_missing": {
        "da": "Ingen værdi ('..') for {n} kommuner: udeladt",
        "en": "No value ('..') for {n} municipalities: left out",
    },
    "export_chart_xlsx": {"da": "tallene (XLSX)", "en": "its data (XLSX)"},
    "chart_sheet_data": {"da": "Data", "en": "Data"},
    "chart_sheet_source": {"da": "Kilde", "en": "Source"},
    "chart_label_title": {"da": "Figurens titel", "en": "Chart title"},
    "chart_label_subtitle": {"da": "Enhed og periode", "en": "Unit and period"},
    "chart_label_source": {"da": "Kilde på figuren", "en": "Source line on the chart"},
    "chart_label_view": {"da": "Visningen på Socialtal", "en": "The view on Socialtal"},
    "chart_label_decimals": {"da": "Decimaler som vist", "en": "Decimals as shown"},
    "download_per_capita_none": {"da": "pr. indbygger", "en": "per capita"},
    "download_label_per_capita": {"da": "Pr. indbygger", "en": "Per capita"},
    "download_per_capita_rule": {
        "da": "Kolonnen '{header}': værdien × {factor} / {denominator} ({denominator_id}) i samme område og "
        "periode; årstal deles med folketallet den 1. januar, kvartalstal med folketallet den 1. i kvartalet.",
        "en": "Column '{header}': the value × {factor} / {denominator} ({denominator_id}) in the same area and "
        "period; annual figures are divided by the population on 1 January, quarterly ones by the population "
        "on the first day of the quarter.",
    },
    "download_per_capita_not_shown": {
        "da": "Kolonnen '{header}' er tom: indikatoren er en andel eller et gennemsnit, eller har intet "
        "befolkningstal at dele med.",
        "en": "Column '{header}' is empty: the indicator is a share or an average, or has no population to divide by.",
    },
    # Danish first, English complete (issue 11, part 7): the headers of the tables behind rankings and maps
    # (dashboard/charts/views.py ranking_table); AG Grid's own words are in dashboard/core/grid_locale.py
    "col_rank": {"da": "Nr.", "en": "No."},
    "col_municipality_code": {"da": "Kommunekode", "en": "Municipality code"},
}

UNITS: dict[str, dict[str, str]] = {
    "persons": {"da": "personer", "en": "persons"},
    "notifications": {"da": "underretninger", "en": "notifications"},
    "dkk_thousands": {"da": "1.000 kr.", "en": "DKK 1,000"},
    "dkk_millions": {"da": "mio. kr.", "en": "DKK million"},
    "bed_days": {"da": "sengedage", "en": "bed-days"},
    "percent": {"da": "pct.", "en": "per cent"},
    "stays_per_person": {"da": "ophold pr. person", "en": "stays per person"},
    "index": {"da": "indeks", "en": "index"},  # the consumer price index (PRIS01), the budget view's deflator
}


def t(key: str, lang: str = "da", **values: object) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key]["da"]
    return text.format(**values) if values else text


def unit_label(unit: str, lang: str = "da") -> str:
    return UNITS.get(unit, {}).get(lang, unit)
