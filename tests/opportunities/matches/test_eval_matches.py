"""`kakehashi eval-matches`: the judgements file, the metrics, and the command on real rankings."""

import json
import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kakehashi.opportunities.matches.evaluation import (
    DEFAULT_JUDGEMENTS,
    Judgement,
    JudgementError,
    judgement_correct,
    ndcg,
    pairwise,
    parse_judgements,
    read_judgements,
)

from .helpers import organisation, published

GOOD = """# a comment
source\tcandidate\tjudgement\tnote\tconstraint
KK-0000000A\tKK-0000000B\trelevant\tthe one asked for\t
kk-0000000a\tKK-0000000C\tNot Relevant\tIndian fund\tcountry

KK-0000000A\tKK-0000000D\tnot relevant
"""


# --- the file ------------------------------------------------------------------------------------


def test_parser_reads_references_judgements_notes_and_constraints():
    assert parse_judgements(GOOD.splitlines()) == [
        Judgement(3, "KK-0000000A", "KK-0000000B", True, "the one asked for", ""),
        Judgement(4, "KK-0000000A", "KK-0000000C", False, "Indian fund", "country"),
        Judgement(6, "KK-0000000A", "KK-0000000D", False, "", ""),
    ]


@pytest.mark.parametrize(("line", "message"), [
    ("KK-0000000A\tKK-0000000B", "line 2: expected 3 to 5 tab-separated columns, found 2"),
    ("KK-0000000A\tKK-0000000B\tmaybe\tx", "line 2: judgement 'maybe' must be 'relevant' or 'not relevant'"),
    ("KK-0000000A\tVoltKraft\trelevant", "line 2: 'VoltKraft' is not an opportunity reference"),
    ("KK-0000000A\tKK-0000000A\trelevant", "line 2: an opportunity is judged against itself"),
    ("KK-0000000A\tKK-0000000B\trelevant\tx\tCountry!", "line 2: constraint 'Country!' must be a lowercase tag"),
    ("KK-0000000A\tKK-0000000E\trelevant\tx\t\textra", "line 2: expected 3 to 5 tab-separated columns, found 6"),
    ("KK-0000000A\tKK-0000000B\tnot relevant", "line 2: KK-0000000A → KK-0000000B is judged twice"),
])
def test_parser_names_the_first_bad_line(line, message):
    with pytest.raises(JudgementError) as error:
        parse_judgements(["KK-0000000A\tKK-0000000B\trelevant", line], "pairs.tsv")

    assert str(error.value).startswith(f"pairs.tsv, {message}")


def test_parser_refuses_a_file_without_judgements():
    with pytest.raises(JudgementError, match="pairs.tsv: no judgements"):
        parse_judgements(["# nothing", "source\tcandidate\tjudgement"], "pairs.tsv")


def test_repository_judgements_cover_the_constraint_cases():
    judgements = read_judgements(DEFAULT_JUDGEMENTS)
    by_pair = {(j.source, j.candidate): j for j in judgements}

    assert len(judgements) >= 40
    assert by_pair["KK-C0031A19", "KK-4B4840EC"].relevant is False  # VoltKraft vs the Indian fund
    assert by_pair["KK-C0031A19", "KK-A0000006"].relevant is True  # vs the Japanese fund, tickets overlap
    assert by_pair["KK-A0000008", "KK-4A0550FB"].relevant is True  # SiC request vs silver sintering
    assert by_pair["KK-A0000008", "KK-362D7BE3"].relevant is False  # vs sodium-ion cells
    assert {j.constraint for j in judgements} == {"", "country", "ticket", "trl", "sectors"}


# --- the metrics ---------------------------------------------------------------------------------


def test_pairwise_counts_a_filtered_out_not_relevant_candidate_as_correct():
    assert pairwise(["r1", "n1", "r2"], ["r1", "r2"], ["n1", "n2"]) == (3, 4)  # r2 < n1 is the miss


def test_pairwise_counts_a_missing_relevant_candidate_as_wrong():
    assert pairwise(["n1"], ["r1"], ["n1", "n2"]) == (0, 2)


def test_ndcg_with_binary_gains_at_ten():
    assert ndcg(["r1", "x", "r2"], {"r1", "r2"}) == pytest.approx((1 + 1 / 2) / (1 + 1 / math.log2(3)))
    assert ndcg(["r1", "r2"], {"r1", "r2"}) == 1.0
    assert ndcg([f"x{i}" for i in range(10)] + ["r1"], {"r1"}) == 0.0  # eleventh does not count
    assert ndcg(["x"], set()) == 0.0


def test_judgement_is_correct_when_all_its_pairs_are():
    relevant = Judgement(1, "KK-0000000A", "r", True)
    filtered = Judgement(2, "KK-0000000A", "n", False)

    assert judgement_correct(["r"], relevant, [filtered]) is True
    assert judgement_correct(["r"], filtered, [relevant]) is True
    assert judgement_correct(["n", "r"], filtered, [relevant]) is False
    assert judgement_correct(["n"], filtered, []) is False  # alone: a not relevant one must not be listed
    assert judgement_correct([], relevant, []) is False  # alone: a relevant one must be listed


# --- the command -------------------------------------------------------------------------------------


def run(path, *flags):
    out = StringIO()
    call_command("eval_matches", "--judgements", str(path), *flags, stdout=out)
    return out.getvalue()


def test_malformed_file_exits_2_with_the_line_number(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("KK-0000000A\tKK-0000000B\trelevant\nKK-0000000A\tKK-0000000C\tperhaps\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run(path)

    assert error.value.returncode == 2
    assert "pairs.tsv, line 2: judgement 'perhaps'" in str(error.value)


@pytest.mark.django_db
def test_missing_demo_data_exits_3_and_says_what_to_run(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("KK-0000000A\tKK-0000000B\trelevant\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run(path)

    assert error.value.returncode == 3
    assert "run kakehashi seed-demo and kakehashi reindex" in str(error.value)


@pytest.mark.django_db
def test_missing_vectors_exit_3_and_say_reindex(tmp_path):
    a = published(organisation("JP"), "sourcing_request", "Gears wanted", "Gears.", refresh=False)
    b = published(organisation("IN"), "manufacturing_offer", "Gear capacity", "Gears.", refresh=False)
    path = tmp_path / "pairs.tsv"
    path.write_text(f"{a.reference}\t{b.reference}\trelevant\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run(path)

    assert error.value.returncode == 3
    assert str(error.value).endswith("run kakehashi reindex")


@pytest.fixture
def judged(db, tmp_path):
    """A Japanese request for gear machining that targets India, an Indian offer that answers
    it, a Japanese one it excludes and an Indian textile offer."""
    request = published(organisation("JP", "Kariya Gears"), "sourcing_request", "CNC machining of gear housings wanted",
                        "We need a supplier in India for CNC-machined aluminium gear housings.", target_countries=["IN"])
    answer = published(organisation("IN", "Chennai Machining"), "manufacturing_offer", "CNC machining of gear housings",
                       "We machine aluminium gear housings on CNC centres for car makers.")
    japanese = published(organisation("JP", "Osaka Machining"), "manufacturing_offer", "CNC machining of gear housings",
                         "We machine aluminium gear housings on CNC centres for car makers.")
    textiles = published(organisation("IN", "Surat Textiles"), "manufacturing_offer", "Cotton garment capacity",
                         "Knitted cotton garments for fashion brands.", sectors=("13",))
    path = tmp_path / "pairs.tsv"
    path.write_text(
        f"{request.reference}\t{answer.reference}\trelevant\tanswers it\n"
        f"{request.reference}\t{japanese.reference}\tnot relevant\tsame country\tcountry\n"
        f"{request.reference}\t{textiles.reference}\tnot relevant\ttextiles\n",
        encoding="utf-8",
    )
    return path, request, answer, japanese, textiles


def test_command_prints_the_figures_and_the_goal(judged):
    path, *_ = judged

    lines = run(path).splitlines()

    assert lines == [
        "3 judged pairs, 1 sources (pairs.tsv)",
        "pairwise accuracy  1.000  (2/2 pairs ordered correctly)",
        "nDCG@10            1.000  (mean over 1 sources)",
        "constraint cases   1/1 ranked correctly  goal: every constraint case ranked correctly: PASS",
    ]


def test_command_verbose_json_lists_each_case(judged):
    path, request, answer, japanese, textiles = judged

    output = run(path, "--verbose", "--json").splitlines()
    result = json.loads(output[-1])

    assert output[0].startswith(f"ok    {request.reference} → {answer.reference}  relevant      #1 ")
    assert output[1] == (f"ok    {request.reference} → {japanese.reference}  not relevant  not listed"
                         "        [country]  same country")
    assert output[2].startswith(f"ok    {request.reference} → {textiles.reference}  not relevant  #2 ")
    assert (result["pairwise_accuracy"], result["ndcg_at_10"], result["goal_met"]) == (1.0, 1.0, True)
    assert [(c["candidate"], c["rank"], c["correct"]) for c in result["cases"]] == [
        (answer.reference, 1, True), (japanese.reference, None, True), (textiles.reference, 2, True)]


def test_command_fails_the_goal_with_exit_1_when_a_constraint_case_is_wrong(judged):
    path, request, answer, japanese, textiles = judged
    path.write_text(  # judged the other way round: the ranking now disagrees
        f"{request.reference}\t{textiles.reference}\trelevant\t\tsectors\n"
        f"{request.reference}\t{answer.reference}\tnot relevant\t\n",
        encoding="utf-8",
    )
    out = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("eval_matches", "--judgements", str(path), stdout=out)

    assert error.value.returncode == 1
    assert out.getvalue().splitlines()[-1].endswith("0/1 ranked correctly  goal: every constraint case ranked correctly: FAIL")
    assert "pairwise accuracy  0.000  (0/1 pairs ordered correctly)" in out.getvalue()
