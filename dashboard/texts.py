"""Every UI string in one place, Danish first. An English switch is a second column here, not a rewrite."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"da": "Socialtal", "en": "Socialtal"},
    "tagline": {"da": "Udviklingen på socialområdet i kommuner og regioner",
                "en": "Social services in Danish municipalities and regions"},
    "demo_banner": {"da": "DEMODATA: tallene er opdigtede til afprøvning og stammer ikke fra Danmarks Statistik.",
                    "en": "DEMO DATA: invented figures for trying the dashboard, not from Statistics Denmark."},
    "indicators_heading": {"da": "Indlæste indikatorer", "en": "Loaded indicators"},
    "col_indicator": {"da": "Indikator", "en": "Indicator"},
    "col_unit": {"da": "Enhed", "en": "Unit"},
    "col_source": {"da": "Kilde", "en": "Source"},
    "col_periods": {"da": "Perioder", "en": "Periods"},
    "col_latest": {"da": "Seneste, hele landet", "en": "Latest, whole country"},
    "computed_note": {"da": "beregnet", "en": "computed"},
    "computed_legend": {"da": "Beregnet: summen af kommunerne (eller regionerne), fordi Danmarks Statistik ikke "
                              "udgiver tallet for hele landet.",
                        "en": "Computed: the sum of the municipalities (or regions), because Statistics Denmark "
                              "does not publish the national figure."},
    "built_at": {"da": "Data opdateret", "en": "Data updated"},
    "source_line": {"da": "Kilde: Danmarks Statistik, statistikbanken.dk/{table}",
                    "en": "Source: Statistics Denmark, statistikbanken.dk/{table}"},
    "not_found_title": {"da": "Siden findes ikke", "en": "Page not found"},
    "not_found_body": {"da": "Adressen {path} findes ikke. Gå til forsiden.",
                       "en": "There is no page at {path}. Go to the front page."},
    "front_page": {"da": "Forside", "en": "Front page"},
    "no_warehouse": {"da": "Der er ingen data endnu. Kør `etl run --demo` eller `etl run`.",
                     "en": "No data yet. Run `etl run --demo` or `etl run`."},
}

UNITS: dict[str, dict[str, str]] = {
    "persons": {"da": "personer", "en": "persons"},
    "notifications": {"da": "underretninger", "en": "notifications"},
    "dkk_thousands": {"da": "1.000 kr.", "en": "DKK 1,000"},
    "dkk_millions": {"da": "mio. kr.", "en": "DKK million"},
    "bed_days": {"da": "sengedage", "en": "bed-days"},
    "percent": {"da": "pct.", "en": "per cent"},
}


def t(key: str, lang: str = "da", **values: object) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key]["da"]
    return text.format(**values) if values else text


def unit_label(unit: str, lang: str = "da") -> str:
    return UNITS.get(unit, {}).get(lang, unit)
