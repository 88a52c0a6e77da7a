"""`kakehashi eval-search`: the metrics on hand-made rankings, the judgements file, and a
run of the command through the real search on a tiny indexed market."""

import json
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kakehashi.opportunities.evaluation import (
    DEFAULT_JUDGEMENTS,
    JudgementError,
    dcg,
    empty_share,
    ndcg,
    parse_judgements,
    precision,
    read_judgements,
)

from .matches.helpers import organisation, published

# --- metrics -------------------------------------------------------------------------------


def test_dcg_uses_exponential_gains_and_a_log2_discount():
    assert dcg([2, 0, 1]) == 3 + 0 + 1 / 2
    assert dcg([1, 2]) == 1 + 3 / math.log2(3)


def test_ndcg_divides_by_the_ideal_ranking_of_every_judged_reference():
    grades = {"KK-A": 2, "KK-C": 1, "KK-D": 2}

    value = ndcg(["KK-A", "KK-B", "KK-C"], grades)

    assert value == pytest.approx((3 + 1 / 2) / (3 + 3 / math.log2(3) + 1 / 2))


def test_ndcg_is_one_for_the_ideal_ranking_and_zero_for_nothing_relevant():
    grades = {"KK-A": 1, "KK-B": 2}

    assert ndcg(["KK-B", "KK-A", "KK-X"], grades) == 1.0
    assert ndcg(["KK-X", "KK-Y"], grades) == 0.0
    assert ndcg([], grades) == 0.0


def test_ndcg_counts_only_the_first_ten_results():
    ranked = [f"KK-{n}" for n in range(10)] + ["KK-A"]

    assert ndcg(ranked, {"KK-A": 2}) == 0.0
    assert ndcg(ranked[1:], {"KK-A": 2}) == pytest.approx(1 / math.log2(11))


def test_ndcg_is_undefined_without_a_relevant_judgement():
    assert ndcg(["KK-A"], {}) is None
    assert ndcg(["KK-A"], {"KK-A": 0}) is None


def test_precision_at_5_counts_grades_one_and_two_and_divides_by_five():
    grades = {"KK-A": 2, "KK-C": 1, "KK-E": 0, "KK-G": 2}

    assert precision(["KK-A", "KK-B", "KK-C"], grades) == 2 / 5
    assert precision(["KK-A", "KK-C", "KK-E", "KK-F", "KK-H", "KK-G"], grades) == 2 / 5
    assert precision([], grades) == 0.0


def test_nonsense_share_is_the_share_of_queries_with_no_result():
    assert empty_share([0, 0, 3, 0]) == 0.75
    assert empty_share([320]) == 0.0
    assert empty_share([]) is None


# --- the judgements file -------------------------------------------------------------------

VALID = [
    "# a comment",
    "query_id\tlanguage\tquery\treference\tgrade",
    "en-1\ten\tprecision auto parts\tKK-AAAAAAAA\t2",
    "",
    "en-1\ten\tprecision auto parts\tKK-BBBBBBBB\t1",
    "ja-1\tja\t精密自動車部品\tKK-AAAAAAAA\t2",
    "en-x1\ten\twedding cake recipe\t-\t-",
    "en-1\ten\tprecision auto parts\tKK-CCCCCCCC\t0",
]


def test_parse_judgements_groups_rows_by_query_in_file_order():
    queries = parse_judgements(VALID)

    assert [(q.id, q.language, q.text, q.grades, q.nonsense) for q in queries] == [
        ("en-1", "en", "precision auto parts", {"KK-AAAAAAAA": 2, "KK-BBBBBBBB": 1, "KK-CCCCCCCC": 0}, False),
        ("ja-1", "ja", "精密自動車部品", {"KK-AAAAAAAA": 2}, False),
        ("en-x1", "en", "wedding cake recipe", {}, True),
    ]


@pytest.mark.parametrize(("line", "message"), [
    ("en-1\ten\tprecision auto parts\tKK-AAAAAAAA", "line 2: expected 5 tab-separated columns, found 4"),
    ("en-1  en  precision auto parts  KK-AAAAAAAA  2", "line 2: expected 5 tab-separated columns, found 1"),
    ("en-1\ten\tprecision auto parts\tKK-AAAAAAAA\t3", "line 2: unknown grade '3'"),
    ("en-1\ten\tprecision auto parts\tKK-AAAAAAAA\thigh", "line 2: unknown grade 'high'"),
    ("en-1\tfr\tpièces auto\tKK-AAAAAAAA\t2", "line 2: unknown language 'fr'"),
    ("en-1\ten\t\tKK-AAAAAAAA\t2", "line 2: the query is empty"),
    ("en-1\ten\tprecision auto parts\tAAAAAAAA\t2", "line 2: 'AAAAAAAA' is not an opportunity reference"),
    ("en-x\ten\tcake\tKK-AAAAAAAA\t-", "line 2: a nonsense query has '-' as both"),
    ("en-1\ten\tother text\tKK-BBBBBBBB\t2", "line 2: query en-1 was given another language or text before"),
    ("en-1\ten\tprecision auto parts\tKK-AAAAAAAA\t1", "line 2: KK-AAAAAAAA is judged twice for query en-1"),
    ("en-1\ten\tprecision auto parts\t-\t-", "line 2: nonsense query en-1 has other lines"),
])
def test_parse_judgements_names_the_line_of_a_malformed_row(line, message):
    with pytest.raises(JudgementError, match=message.replace("(", r"\(")):
        parse_judgements(["en-1\ten\tprecision auto parts\tKK-AAAAAAAA\t2", line], name="set.tsv")


def test_parse_judgements_refuses_a_file_without_queries():
    with pytest.raises(JudgementError, match="set.tsv: no queries"):
        parse_judgements(["# only a comment", ""], name="set.tsv")


def test_the_shipped_judged_set_has_60_queries_in_three_languages_and_20_nonsense_ones():
    queries = read_judgements(DEFAULT_JUDGEMENTS)
    judged = [q for q in queries if not q.nonsense]

    assert len(judged) >= 60
    assert all(sum(1 for q in judged if q.language == lang) >= 20 for lang in ("en", "ja", "hi"))
    assert sum(1 for q in queries if q.nonsense) >= 20
    assert all(max(q.grades.values()) >= 1 for q in judged)


# --- the command, end to end ---------------------------------------------------------------


@pytest.fixture
def market(db):
    """Four live opportunities, indexed by the real engine; three public, the pharma one for members."""
    japan, india = organisation("JP", "Tokai Motors"), organisation("IN", "Chennai Precision")
    return {
        "auto": published(india, "manufacturing_offer", "CNC machining capacity for precision auto parts",
                          "We machine brake components, transmission shafts and aluminium housings for car makers.",
                          visibility="public"),
        "request": published(japan, "sourcing_request", "精密自動車部品の調達先を探しています",
                             "CNC加工によるトランスミッションシャフトなどの精密自動車部品のサプライヤーを求めています。",
                             language="ja", visibility="public"),
        "textile": published(india, "manufacturing_offer", "Cotton garment manufacturing capacity",
                             "Knitted and woven cotton garments, dyeing and printing for fashion brands.", sectors=("13",),
                             visibility="public"),
        "pharma": published(india, "manufacturing_offer", "Contract manufacturing of generic tablets",
                            "GMP-certified plant producing generic tablets and capsules for export markets.",
                            sectors=("21",), visibility="members"),
    }


def _judgements(tmp_path, market, *extra: str):
    path = tmp_path / "judged.tsv"
    rows = [
        f"auto\ten\tprecision machining of car parts\t{market['auto'].reference}\t2",
        f"auto\ten\tprecision machining of car parts\t{market['request'].reference}\t1",
        f"pharma\tja\tジェネリック医薬品の受託製造\t{market['pharma'].reference}\t2",
        "cake\ten\twedding cake recipe\t-\t-",
        *extra,
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(capsys, *args):
    call_command("eval_search", *args, "--json")
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_eval_search_scores_every_query_through_the_search_as_a_member(tmp_path, capsys, market, member):
    result = _run(capsys, "--judgements", str(_judgements(tmp_path, market)), "--member", member.email)

    rows = {row["id"]: row for row in result["queries"]}
    assert rows["auto"]["top"][0] == [market["auto"].reference, 2]
    assert rows["pharma"]["top"][0] == [market["pharma"].reference, 2]  # Japanese query, English answer
    grades = {"auto": {market["auto"].reference: 2, market["request"].reference: 1},
              "pharma": {market["pharma"].reference: 2}}
    for query_id, judged in grades.items():
        ranked = [ref for ref, _grade in rows[query_id]["top"]]  # four live opportunities: all are shown
        assert rows[query_id]["results"] == len(ranked) <= 4
        assert rows[query_id]["ndcg_at_10"] == pytest.approx(ndcg(ranked, judged))
        assert rows[query_id]["precision_at_5"] == pytest.approx(precision(ranked, judged))
    assert rows["cake"]["nonsense"] is True
    overall = result["summary"]["all"]
    assert (overall["queries"], overall["scored"], overall["nonsense_queries"]) == (2, 2, 1)
    assert overall["nonsense_empty_share"] == (1.0 if rows["cake"]["results"] == 0 else 0.0)
    assert result["summary"]["ja"]["queries"] == 1
    assert result["summary"]["hi"] == {"queries": 0, "scored": 0, "ndcg_at_10": None, "precision_at_5": None,
                                       "median_results": None, "nonsense_queries": 0, "nonsense_empty_share": None,
                                       "nonsense_median_results": None}
    assert result["judged_but_hidden"] == 0
    assert result["goals"] == {"ndcg_at_10": 0.8, "nonsense_empty_share": 0.95}


def test_eval_search_as_a_visitor_never_sees_members_only_opportunities(tmp_path, capsys, market):
    result = _run(capsys, "--judgements", str(_judgements(tmp_path, market)), "--as", "visitor")

    rows = {row["id"]: row for row in result["queries"]}
    assert market["pharma"].reference not in {ref for row in rows.values() for ref, _ in row["top"]}
    assert rows["pharma"]["ndcg_at_10"] is None  # nothing it may see was judged relevant
    assert result["summary"]["all"]["scored"] == 1
    assert result["judged_but_hidden"] == 1


def test_eval_search_prints_a_table_and_the_goals(tmp_path, capsys, market, member):
    call_command("eval_search", "--judgements", str(_judgements(tmp_path, market)), "--member", member.email,
                 "--verbose")
    out = capsys.readouterr().out

    assert f"searched as {member.email} (member)" in out
    assert "precision machining of car parts  →  " in out
    assert "cake     nonsense" in out
    assert "Goal nDCG@10 >= 0.8: " in out
    assert "Goal nonsense answered with no result >= 95%: " in out


def test_eval_search_warns_about_and_counts_unknown_references(tmp_path, capsys, market, member):
    path = _judgements(tmp_path, market, "auto\ten\tprecision machining of car parts\tKK-0000FFFF\t2")

    call_command("eval_search", "--judgements", str(path), "--member", member.email, "--json")
    captured = capsys.readouterr()

    assert json.loads(captured.out)["unknown_references"] == ["KK-0000FFFF"]
    assert captured.err == "warning: KK-0000FFFF is not a live opportunity here; left out of the ideal ranking\n"


def test_eval_search_exits_2_with_the_line_of_a_malformed_judgements_file(tmp_path, market):
    path = _judgements(tmp_path, market, "auto\ten\tprecision machining of car parts\tKK-0000FFFF\tgood")

    with pytest.raises(CommandError, match=r"judged.tsv, line 5: unknown grade 'good'") as error:
        call_command("eval_search", "--judgements", str(path))

    assert error.value.returncode == 2


def test_eval_search_exits_2_for_a_missing_judgements_file(tmp_path):
    with pytest.raises(CommandError, match="no such file") as error:
        call_command("eval_search", "--judgements", str(tmp_path / "missing.tsv"))

    assert error.value.returncode == 2


def test_eval_search_says_to_seed_the_demo_when_the_judged_opportunities_are_absent(db, member):
    with pytest.raises(CommandError, match="none of the .* judged opportunities is live in this database: "
                                           "run kakehashi seed-demo and kakehashi reindex first") as error:
        call_command("eval_search", "--member", member.email)  # the demo set on an empty database

    assert error.value.returncode == 1


def test_eval_search_says_to_reindex_when_vectors_are_missing(tmp_path, market, member):
    unindexed = published(organisation("IN", "Pune Forge"), "manufacturing_offer", "Forging capacity",
                          "Closed-die forging of steering knuckles.", refresh=False)
    path = _judgements(tmp_path, market, f"forge\ten\tforging\t{unindexed.reference}\t2")

    with pytest.raises(CommandError, match=f"not indexed \\(e.g. {unindexed.reference}\\): run kakehashi seed-demo "
                                           "and kakehashi reindex first"):
        call_command("eval_search", "--judgements", str(path), "--member", member.email)


def test_eval_search_refuses_a_member_who_may_not_act_for_an_organisation(tmp_path, market, unapproved):
    with pytest.raises(CommandError, match="is not an approved member of an approved organisation"):
        call_command("eval_search", "--judgements", str(_judgements(tmp_path, market)), "--member", unapproved.email)
