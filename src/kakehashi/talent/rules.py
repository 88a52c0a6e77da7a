"""The SSW rules as public facts with their sources, loaded into the tables by migration 0002
(and again by the tests after a transactional test empties them). After that the tables are
the truth: staff change a rule in the admin (a new row with its validity dates), not here.
Each source keeps the date its address was checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .eligibility import FieldRule, Rules

CHECKED = "2026-12-07"
PROGRAMME_START = dt.date(2019, 4, 1)
CABINET_2024 = dt.date(2024, 3, 29)


def _source(url: str, label: str) -> dict[str, str]:
    return {"url": url, "label": label, "checked_on": CHECKED}


ISA = _source("https://www.moj.go.jp/isa/", "Immigration Services Agency of Japan: Specified Skilled Worker pages")
PORTAL = _source("https://www.ssw.go.jp/", "Official SSW portal (特定技能総合支援サイト)")
MOFA = _source("https://www.mofa.go.jp/", "Ministry of Foreign Affairs of Japan")
MSDE = _source("https://www.msde.gov.in/", "Ministry of Skill Development and Entrepreneurship (India)")
NSDC = _source("https://nsdcindia.org/", "National Skill Development Corporation (India)")

# Programme-wide rules: key -> (value, valid_from, sources, note)
KEYS = {
    "programme_start": "date the SSW programme came into force",
    "ssw1_max_months": "months in SSW (i) allowed in total",
    "jlpt_min": "JLPT level needed for SSW (i) (a number: 4 is N4)",
    "jlpt_first_test": "date of the first JLPT",
    "jft_first_test": "date of the first JFT-Basic",
    "care_test_first": "date of the first Care Japanese Evaluation Test and of the SSW skills tests",
    "titp2_language_any_field": "1 when completing Technical Intern Training (ii) in any job type waives the general Japanese test",
}
RULES: list[dict[str, Any]] = [
    {"key": "programme_start", "value": "2019-04-01", "sources": [ISA, MOFA],
     "source_note": "The Specified Skilled Worker residence statuses came into force on 1 April 2019 (amended Immigration Control Act)."},
    {"key": "ssw1_max_months", "value": "60", "sources": [ISA, PORTAL],
     "source_note": "SSW (i): up to five years in total; family members do not accompany. SSW (ii): renewable without limit; spouse and children may accompany."},
    {"key": "jlpt_min", "value": "4", "sources": [ISA, PORTAL],
     "source_note": "SSW (i) Japanese: JLPT N4 or above, or JFT-Basic at CEFR A2 (200 of 250). Exceptions per field: see each field's note."},
    {"key": "jlpt_first_test", "value": "1984-12-02", "sources": [_source("https://www.jlpt.jp/", "JLPT official site: history of the test")],
     "source_note": "The JLPT was first held in December 1984; earlier dates are refused as input errors."},
    {"key": "jft_first_test", "value": "2019-04-01", "sources": [_source("https://www.jpf.go.jp/jft-basic/", "Japan Foundation: JFT-Basic"), PORTAL],
     "source_note": "JFT-Basic was introduced with the SSW programme in 2019; earlier dates are refused as input errors."},
    {"key": "care_test_first", "value": "2019-04-01", "sources": [PORTAL],
     "source_note": "The Care Japanese Evaluation Test and the field skills tests started with the programme in 2019."},
    {"key": "titp2_language_any_field", "value": "1", "sources": [ISA],
     "source_note": "Completing Technical Intern Training (ii) in good standing waives the skills test and the Japanese tests of the related field; "
     "the ISA pages also say the general Japanese test (not the Care Japanese test) is waived whatever the job type. To confirm on each review."},
]

_SSW2 = ("SSW (ii) since the cabinet decision of 9 June 2023 (construction and shipbuilding earlier). ")
_NEW_2024 = ("Added by the cabinet decision of 29 March 2024. SSW (i) only at that decision: "
             "UNCERTAIN whether SSW (ii) has been opened since; confirm on the ISA pages before relying on it. ")
# code, en, ja, hi, valid_from, has_ssw2, needs_care_test, ssw2_jlpt, categories, note
FIELDS: list[tuple[str, str, str, str, dt.date, bool, bool, int | None, dict[str, Any], str]] = [
    ("nursing_care", "Nursing care", "介護", "नर्सिंग केयर", PROGRAMME_START, False, True, None, {},
     "SSW (i) only: long-term care workers move on to the 'Care' residence status instead of SSW (ii). "
     "Needs the nursing-care skills test, JLPT N4 or JFT-Basic A2, and the Care Japanese Evaluation Test."),
    ("building_cleaning", "Building cleaning", "ビルクリーニング", "भवन सफ़ाई", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("industrial_products", "Industrial products manufacturing", "工業製品製造業", "औद्योगिक उत्पाद विनिर्माण", PROGRAMME_START, True, False, None, {},
     _SSW2 + "Named so since 2024 (formerly the materials, industrial machinery and electronics manufacturing fields)."),
    ("construction", "Construction", "建設", "निर्माण कार्य", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("shipbuilding", "Shipbuilding and ship machinery", "造船・舶用工業", "जहाज़ निर्माण और समुद्री मशीनरी", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("automobile_repair", "Automobile repair and maintenance", "自動車整備", "ऑटोमोबाइल मरम्मत और रखरखाव", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("aviation", "Aviation", "航空", "विमानन", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("accommodation", "Accommodation", "宿泊", "आवास (होटल)", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("agriculture", "Agriculture", "農業", "कृषि", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("fishery", "Fishery and aquaculture", "漁業", "मत्स्य पालन और जलीय कृषि", PROGRAMME_START, True, False, 3, {},
     _SSW2 + "SSW (ii) in fishery also asks for JLPT N3."),
    ("food_manufacturing", "Food and beverage manufacturing", "飲食料品製造業", "खाद्य और पेय विनिर्माण", PROGRAMME_START, True, False, None, {}, _SSW2),
    ("food_service", "Food service", "外食業", "खाद्य सेवा (रेस्तराँ)", PROGRAMME_START, True, False, 3, {},
     _SSW2 + "SSW (ii) in food service also asks for JLPT N3."),
    ("automobile_transportation", "Automobile transportation", "自動車運送業", "मोटर परिवहन", CABINET_2024, False, False, None,
     {"bus_taxi": {"jlpt": 3, "jft": False}},
     _NEW_2024 + "Bus and taxi driving need JLPT N3 (JFT-Basic is not enough); truck driving needs N4 or JFT-Basic A2. A Japanese driving licence is also required (not checked here)."),
    ("railway", "Railway", "鉄道", "रेलवे", CABINET_2024, False, False, None, {}, _NEW_2024),
    ("forestry", "Forestry", "林業", "वानिकी", CABINET_2024, False, False, None, {}, _NEW_2024),
    ("wood_industry", "Wood industry", "木材産業", "काष्ठ उद्योग", CABINET_2024, False, False, None, {}, _NEW_2024),
]

# What the pathway from India looks like (shown on the fields page).
INDIA_NOTE_SOURCES = [MOFA, MSDE, NSDC]


def load_rules(field_model: Any, rule_model: Any) -> None:
    """Add the fields and rules that are not there yet (by code/key and start date); the
    models are the real ones or the migration's historical ones."""
    base = [ISA, PORTAL]
    for position, (code, en, ja, hi, start, ssw2, care, ssw2_jlpt, categories, note) in enumerate(FIELDS, start=1):
        field_model.objects.get_or_create(code=code, valid_from=start, defaults={
            "position": position, "name_en": en, "name_ja": ja, "name_hi": hi, "has_ssw2": ssw2,
            "needs_care_test": care, "ssw2_jlpt": ssw2_jlpt, "categories": categories,
            "sources": base + ([MOFA] if start == CABINET_2024 else []), "source_note": note,
        })
    for row in RULES:
        rule_model.objects.get_or_create(key=row["key"], valid_from=PROGRAMME_START, defaults={
            "value": row["value"], "sources": row["sources"], "source_note": row["source_note"],
        })


def engine_rules() -> Rules:
    """The eligibility engine's rules straight from this module (English names), without the
    database: for the benchmark and the engine's unit tests. Pages and the API read the tables."""
    values = {row["key"]: row["value"] for row in RULES}
    fields = {
        code: FieldRule(code=code, name=en, has_ssw2=ssw2, needs_care_test=care, ssw2_jlpt=ssw2_jlpt, categories=categories)
        for code, en, _ja, _hi, _start, ssw2, care, ssw2_jlpt, categories, _note in FIELDS
    }
    return Rules(fields=fields, jlpt_min=int(values["jlpt_min"]), ssw1_max_months=int(values["ssw1_max_months"]),
                 titp2_language_any_field=values["titp2_language_any_field"] == "1")
