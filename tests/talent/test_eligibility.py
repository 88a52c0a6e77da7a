"""The eligibility engine, rule by rule: pure functions over the rules of talent.rules."""

import random

import pytest
from django.utils import translation

from kakehashi.talent.eligibility import Candidate, Job, Rules, check, check_all_fields, duration, matrix
from kakehashi.talent.rules import FIELDS, engine_rules

RULES = engine_rules()
SKILLED_BUILDER = Candidate(jlpt=4, skills=frozenset({("construction", 1)}))


@pytest.fixture(autouse=True)
def _english():
    """Messages render in the active language: English unless a test says otherwise."""
    with translation.override("en"):
        yield


def messages(result):
    return [m.message() for m in result.missing]


def notes(result):
    return [n.message() for n in result.notes]


def test_the_rules_have_the_sixteen_fields_of_the_2024_cabinet_decision():
    assert list(RULES.fields) == [
        "nursing_care", "building_cleaning", "industrial_products", "construction", "shipbuilding", "automobile_repair",
        "aviation", "accommodation", "agriculture", "fishery", "food_manufacturing", "food_service",
        "automobile_transportation", "railway", "forestry", "wood_industry",
    ]


def test_eleven_fields_have_ssw2_and_nursing_care_is_not_one():
    with_ssw2 = [code for code, rule in RULES.fields.items() if rule.has_ssw2]

    assert len(with_ssw2) == 11
    assert "nursing_care" not in with_ssw2


def test_every_field_has_japanese_and_hindi_names_and_sources_checked_on_the_review_date():
    for code, en, ja, hi, *_rest, note in FIELDS:
        assert en and ja and hi and note, code
    assert [row[2] for row in FIELDS] == ["介護", "ビルクリーニング", "工業製品製造業", "建設", "造船・舶用工業", "自動車整備", "航空", "宿泊",
                                         "農業", "漁業", "飲食料品製造業", "外食業", "自動車運送業", "鉄道", "林業", "木材産業"]


def test_n4_and_the_skills_test_make_a_candidate_eligible():
    result = check(RULES, SKILLED_BUILDER, Job("construction"))

    assert (result.eligible, result.missing, result.notes) == (True, (), ())


def test_jft_basic_a2_counts_as_the_japanese_test():
    result = check(RULES, Candidate(jft_a2=True, skills=frozenset({("construction", 1)})), Job("construction"))

    assert result.eligible


def test_n5_is_not_enough_and_the_message_says_what_the_candidate_has():
    result = check(RULES, Candidate(jlpt=5, skills=frozenset({("agriculture", 1)})), Job("agriculture"))

    assert messages(result) == ["needs JLPT N4 or JFT-Basic A2 — you have N5"]


def test_no_test_at_all_lists_the_language_and_the_skills_test():
    result = check(RULES, Candidate(), Job("agriculture"))

    assert messages(result) == ["needs JLPT N4 or JFT-Basic A2 — you have no JLPT level", "needs the Agriculture skills test"]


def test_a_higher_jlpt_level_than_required_is_enough():
    assert check(RULES, Candidate(jlpt=1, skills=frozenset({("aviation", 1)})), Job("aviation")).eligible


def test_a_skills_test_of_another_field_does_not_count():
    result = check(RULES, SKILLED_BUILDER, Job("agriculture"))

    assert messages(result) == ["needs the Agriculture skills test"]


def test_nursing_care_needs_the_skills_test_and_the_care_japanese_test():
    result = check(RULES, Candidate(jlpt=4), Job("nursing_care"))

    assert messages(result) == ["needs the Nursing care skills test and the Care Japanese Evaluation Test"]


def test_nursing_care_with_the_skills_test_but_without_the_care_test():
    result = check(RULES, Candidate(jlpt=4, skills=frozenset({("nursing_care", 1)})), Job("nursing_care"))

    assert messages(result) == ["needs the Care Japanese Evaluation Test"]


def test_nursing_care_with_everything_is_eligible():
    candidate = Candidate(jft_a2=True, care_test=True, skills=frozenset({("nursing_care", 1)}))

    assert check(RULES, candidate, Job("nursing_care")).eligible


def test_bus_and_taxi_driving_need_n3_and_jft_basic_is_not_enough():
    candidate = Candidate(jlpt=4, jft_a2=True, skills=frozenset({("automobile_transportation", 1)}))

    result = check(RULES, candidate, Job("automobile_transportation", 1, "bus_taxi"))

    assert messages(result) == ["needs JLPT N3 (JFT-Basic is not enough for this job) — you have N4"]


def test_truck_driving_takes_n4_or_jft_basic():
    candidate = Candidate(jft_a2=True, skills=frozenset({("automobile_transportation", 1)}))

    assert check(RULES, candidate, Job("automobile_transportation")).eligible


def test_bus_driving_with_n3_is_eligible():
    candidate = Candidate(jlpt=3, skills=frozenset({("automobile_transportation", 1)}))

    assert check(RULES, candidate, Job("automobile_transportation", 1, "bus_taxi")).eligible


def test_titp2_in_the_related_field_waives_the_skills_and_japanese_tests():
    result = check(RULES, Candidate(titp2=frozenset({"food_manufacturing"})), Job("food_manufacturing"))

    assert result.eligible
    assert notes(result) == ["Technical Intern Training (ii) in a related job: skills and Japanese tests waived"]


def test_titp2_in_nursing_care_also_waives_the_care_japanese_test():
    assert check(RULES, Candidate(titp2=frozenset({"nursing_care"})), Job("nursing_care")).eligible


def test_titp2_in_another_field_waives_the_general_japanese_test_but_not_the_skills_test():
    result = check(RULES, Candidate(titp2=frozenset({"agriculture"})), Job("construction"))

    assert messages(result) == ["needs the Construction skills test"]
    assert notes(result) == ["Technical Intern Training (ii) completed: the general Japanese test is waived"]


def test_titp2_in_another_field_does_not_waive_the_care_japanese_test():
    candidate = Candidate(titp2=frozenset({"agriculture"}), skills=frozenset({("nursing_care", 1)}))

    assert messages(check(RULES, candidate, Job("nursing_care"))) == ["needs the Care Japanese Evaluation Test"]


def test_titp2_in_another_field_does_not_waive_n3_for_bus_driving():
    candidate = Candidate(titp2=frozenset({"agriculture"}), skills=frozenset({("automobile_transportation", 1)}))

    result = check(RULES, candidate, Job("automobile_transportation", 1, "bus_taxi"))

    assert messages(result) == ["needs JLPT N3 (JFT-Basic is not enough for this job) — you have no JLPT level"]


def test_the_waiver_of_other_fields_follows_the_rule_row():
    rules = Rules(fields=RULES.fields, titp2_language_any_field=False)

    result = check(rules, Candidate(titp2=frozenset({"agriculture"}), skills=frozenset({("construction", 1)})), Job("construction"))

    assert messages(result) == ["needs JLPT N4 or JFT-Basic A2 — you have no JLPT level"]


def test_time_left_in_ssw1_is_a_note():
    result = check(RULES, Candidate(jlpt=4, skills=frozenset({("construction", 1)}), ssw1_months=44), Job("construction"))

    assert result.eligible
    assert notes(result) == ["5-year SSW (i) limit: 1 year(s) 4 month(s) left"]


def test_five_years_in_ssw1_end_eligibility_for_ssw1():
    result = check(RULES, Candidate(jlpt=4, skills=frozenset({("construction", 1)}), ssw1_months=60), Job("construction"))

    assert messages(result) == ["5-year SSW (i) limit reached"]


def test_the_limit_applies_to_titp2_completers_too():
    result = check(RULES, Candidate(titp2=frozenset({"construction"}), ssw1_months=61), Job("construction"))

    assert messages(result) == ["5-year SSW (i) limit reached"]


def test_the_limit_follows_the_rule_row():
    rules = Rules(fields=RULES.fields, ssw1_max_months=72)

    assert check(rules, Candidate(jlpt=4, skills=frozenset({("construction", 1)}), ssw1_months=60), Job("construction")).eligible


def test_ssw2_needs_the_ssw2_skills_test_not_the_ssw1_one():
    result = check(RULES, SKILLED_BUILDER, Job("construction", 2))

    assert messages(result) == ["needs the Construction SSW (ii) skills test"]


def test_ssw2_has_no_time_limit():
    candidate = Candidate(skills=frozenset({("construction", 2)}), ssw1_months=60)

    assert check(RULES, candidate, Job("construction", 2)).eligible


def test_ssw2_in_food_service_also_needs_n3():
    result = check(RULES, Candidate(jlpt=4, skills=frozenset({("food_service", 2)})), Job("food_service", 2))

    assert messages(result) == ["SSW (ii) in Food service needs JLPT N3 — you have N4"]


def test_ssw2_in_fishery_with_n3_is_eligible():
    assert check(RULES, Candidate(jlpt=3, skills=frozenset({("fishery", 2)})), Job("fishery", 2)).eligible


def test_titp2_does_not_waive_ssw2():
    result = check(RULES, Candidate(titp2=frozenset({"construction"})), Job("construction", 2))

    assert messages(result) == ["needs the Construction SSW (ii) skills test"]


def test_nursing_care_has_no_ssw2():
    result = check(RULES, Candidate(jlpt=1, skills=frozenset({("nursing_care", 2)})), Job("nursing_care", 2))

    assert messages(result) == ["Nursing care has no SSW (ii)."]


def test_an_ssw2_skills_test_also_covers_ssw1():
    assert check(RULES, Candidate(jlpt=4, skills=frozenset({("construction", 2)})), Job("construction")).eligible


def test_an_unknown_field_is_never_eligible():
    assert messages(check(RULES, SKILLED_BUILDER, Job("space_mining"))) == ["This field is not part of the programme."]


def test_check_all_fields_gives_one_result_per_field():
    results = check_all_fields(RULES, SKILLED_BUILDER)

    assert [r.job.field for r in results if r.eligible] == ["construction"]
    assert len(results) == 16


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", "JLPT N4 または JFT-Basic A2 が必要です（現在: N5）"),
    ("hi", "JLPT N4 या JFT-Basic A2 आवश्यक है — आपके पास N5 है"),
])
def test_messages_are_in_the_readers_language(language, expected):
    result = check(RULES, Candidate(jlpt=5, skills=frozenset({("agriculture", 1)})), Job("agriculture"))

    with translation.override(language):
        assert messages(result) == [expected]


@pytest.mark.parametrize(("months", "text"), [(16, "1 year(s) 4 month(s)"), (24, "2 year(s)"), (5, "5 month(s)"), (0, "0 month(s)")])
def test_duration_in_years_and_months(months, text):
    assert duration(months) == text


def test_the_array_engine_agrees_with_check_on_random_candidates_and_jobs():
    rng = random.Random(7)
    codes = [*RULES.fields, "space_mining"]
    candidates = [
        Candidate(
            jlpt=rng.choice([None, 1, 2, 3, 4, 5]), jft_a2=rng.random() < 0.4, care_test=rng.random() < 0.3,
            skills=frozenset((rng.choice(codes), rng.choice([1, 2])) for _ in range(rng.randint(0, 3))),
            titp2=frozenset(rng.sample(codes, rng.choice([0, 0, 1]))), ssw1_months=rng.choice([0, 12, 59, 60, 70]),
        )
        for _ in range(300)
    ]
    jobs = [Job(rng.choice(codes), rng.choice([1, 2]), rng.choice(["", "", "bus_taxi"])) for _ in range(120)]

    array = matrix(RULES, candidates, jobs)

    expected = [[check(RULES, c, j).eligible for j in jobs] for c in candidates]
    assert array.tolist() == expected
    assert 0 < array.sum() < array.size
