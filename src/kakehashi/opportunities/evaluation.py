"""Search quality on judged queries (`kakehashi eval-search`).

A judged set is a list of queries, each with the opportunities that answer it graded 0–2
(2: exactly what the query asks for, 1: related or partly relevant; an opportunity not
listed counts as 0), plus *nonsense* queries whose right answer is no result at all. The
queries run through `queries.search`, as production runs them, for one viewer; the metrics:

- nDCG@10 with graded gains 2^grade − 1 (an exact answer weighs 3, a related one 1) and the
  logarithmic discount 1/log2(rank + 1); the ideal ranking sorts the query's judged
  opportunities that the viewer may see by grade. A query none of whose judged
  opportunities the viewer may see is left out of the mean.
- precision@5: the share of the first five results graded 1 or 2 (fewer than five results
  still divide by five).
- the median number of results per query.
- for nonsense queries, the share answered with no result.

The file format (`read_judgements`) is documented in `FORMAT` and in the command's help.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AnonymousUser

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer
from kakehashi.core.languages import CODES
from kakehashi.matching import queries as matching
from kakehashi.matching import services as indexing

from . import queries
from .matches import COLLECTION
from .models import Opportunity, live_q

DEFAULT_JUDGEMENTS = Path(__file__).resolve().parent / "data" / "search_judgements.tsv"
NDCG_AT = 10
PRECISION_AT = 5
GOALS = {"ndcg_at_10": 0.8, "nonsense_empty_share": 0.95}
NONSENSE = "-"
GRADES = {"0": 0, "1": 1, "2": 2}

FORMAT = """\
Judgements file: UTF-8 text, one judged pair per line, five columns separated by tabs:

    query_id <TAB> language <TAB> query <TAB> reference <TAB> grade

  query_id   any name without spaces (e.g. en-07); every line of one query repeats the same
             query_id, language and query
  language   en, ja or hi: the language the query is written in
  query      the text searched, as a member would type it
  reference  the opportunity's reference (KK-…); an opportunity not listed for a query
             counts as irrelevant (grade 0)
  grade      2 = exactly what the query asks for, 1 = related or partly relevant,
             0 = judged irrelevant (same as not listed)

A nonsense query, whose right answer is no result at all, is one line with "-" as its
reference and "-" as its grade. Blank lines and lines starting with "#" are ignored, and
so is a header line starting with "query_id" before the first query."""


class JudgementError(ValueError):
    """A judgements file that cannot be read; the message names the line."""


@dataclass
class JudgedQuery:
    id: str
    language: str
    text: str
    grades: dict[str, int] = field(default_factory=dict)
    nonsense: bool = False


def read_judgements(path: Path) -> list[JudgedQuery]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise JudgementError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return parse_judgements(text.splitlines(), name=str(path))


def parse_judgements(lines: Iterable[str], name: str = "judgements") -> list[JudgedQuery]:
    """The queries of a judgements file, in the order they first appear (format: FORMAT)."""
    queries: dict[str, JudgedQuery] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not queries and line.startswith("query_id\t"):
            continue  # the header
        where = f"{name}, line {number}"
        columns = line.split("\t")
        if len(columns) != 5:
            raise JudgementError(f"{where}: expected 5 tab-separated columns, found {len(columns)}")
        query_id, language, query, reference, grade = (c.strip() for c in columns)
        if not query_id or " " in query_id:
            raise JudgementError(f"{where}: the query_id must be one word, not {query_id!r}")
        if language not in CODES:
            raise JudgementError(f"{where}: unknown language {language!r} (use one of {', '.join(CODES)})")
        if not query:
            raise JudgementError(f"{where}: the query is empty")
        if grade != NONSENSE and grade not in GRADES:
            raise JudgementError(f"{where}: unknown grade {grade!r} (use 0, 1, 2, or - for a nonsense query)")
        if (grade == NONSENSE) != (reference == NONSENSE):
            raise JudgementError(f"{where}: a nonsense query has '-' as both its reference and its grade")
        if reference != NONSENSE and not reference.startswith("KK-"):
            raise JudgementError(f"{where}: {reference!r} is not an opportunity reference (KK-…)")
        judged = queries.setdefault(query_id, JudgedQuery(query_id, language, query))
        if (judged.language, judged.text) != (language, query):
            raise JudgementError(f"{where}: query {query_id} was given another language or text before")
        if grade == NONSENSE:
            if judged.grades or judged.nonsense:
                raise JudgementError(f"{where}: nonsense query {query_id} has other lines")
            judged.nonsense = True
            continue
        if judged.nonsense:
            raise JudgementError(f"{where}: nonsense query {query_id} has other lines")
        if reference in judged.grades:
            raise JudgementError(f"{where}: {reference} is judged twice for query {query_id}")
        judged.grades[reference] = GRADES[grade]
    if not queries:
        raise JudgementError(f"{name}: no queries")
    return list(queries.values())


# --- metrics ---------------------------------------------------------------------------------


def gain(grade: int) -> float:
    return float(2**grade - 1)


def dcg(grades: Sequence[int], k: int = NDCG_AT) -> float:
    return sum(gain(g) / math.log2(rank + 1) for rank, g in enumerate(grades[:k], start=1))


def ndcg(ranked: Sequence[str], grades: dict[str, int], k: int = NDCG_AT) -> float | None:
    """nDCG@k of a ranking of references; None when nothing relevant is judged."""
    ideal = dcg(sorted(grades.values(), reverse=True), k)
    if ideal == 0:
        return None
    return dcg([grades.get(ref, 0) for ref in ranked], k) / ideal


def precision(ranked: Sequence[str], grades: dict[str, int], k: int = PRECISION_AT) -> float:
    return sum(1 for ref in ranked[:k] if grades.get(ref, 0) >= 1) / k


def empty_share(result_counts: Sequence[int]) -> float | None:
    """The share of (nonsense) queries answered with no result; None for no queries."""
    if not result_counts:
        return None
    return sum(1 for n in result_counts if n == 0) / len(result_counts)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


# --- the platform side ----------------------------------------------------------------------

NOT_READY = "run kakehashi seed-demo and kakehashi reindex first"


class NotReady(RuntimeError):
    """The opportunities a judged set names are missing or not indexed."""


def viewer_for(role: str, email: str = "") -> tuple[Viewer, str]:
    """The viewer searches run as, and how to name it: a visitor, or an approved member of an
    approved organisation (`email`, or the first person of the first such organisation by
    name)."""
    if role == "visitor":
        return AnonymousUser(), "a visitor"
    if email:
        member = people.approved_members().filter(email__iexact=email).first()
        if member is None or not people.organisation_ids_for(member):
            raise NotReady(f"{email} is not an approved member of an approved organisation")
        return member, f"{member.email} (member)"
    for organisation in people.approved_organisations():
        member = people.people_of(organisation.pk).first()
        if member is not None:
            return member, f"{member.email} (member of {organisation.name})"
    raise NotReady(f"no approved member of an approved organisation: {NOT_READY}")


def live_references() -> dict[int, str]:
    """id → reference of every live opportunity."""
    return dict(Opportunity.objects.filter(live_q()).values_list("pk", "reference"))


def check_ready(judged: Sequence[JudgedQuery], live: dict[int, str]) -> None:
    """Raise NotReady unless the judged opportunities exist, are live and have vectors."""
    named = {ref for query in judged for ref in query.grades}
    by_reference = {ref: pk for pk, ref in live.items()}
    present = named & set(by_reference)
    if named and not present:
        raise NotReady(f"none of the {len(named)} judged opportunities is live in this database: {NOT_READY}")
    if indexing.needs_reindex():
        raise NotReady(f"the opportunities have no vectors (or vectors of another encoder): {NOT_READY}")
    missing = sorted(ref for ref in present if not matching.is_indexed(COLLECTION, by_reference[ref]))
    if missing:
        raise NotReady(f"{len(missing)} judged opportunities are not indexed (e.g. {missing[0]}): {NOT_READY}")


def run(judged: Sequence[JudgedQuery], viewer: Viewer) -> dict:
    """Check the data, then search every query as `viewer` through `queries.search`."""
    live = live_references()
    check_ready(judged, live)
    visible = set(queries.visible_to(viewer).filter(live_q()).values_list("reference", flat=True))

    def search(text: str) -> list[str]:
        ranked = queries.search(viewer, q=text)
        ids = ranked if isinstance(ranked, list) else list(ranked.values_list("pk", flat=True))
        return [live[pk] for pk in ids if pk in live]

    return evaluate(judged, search, visible=visible, live=set(live.values()))


# --- a run -----------------------------------------------------------------------------------


def evaluate(
    queries: Sequence[JudgedQuery], search: Callable[[str], list[str]], *, visible: set[str], live: set[str],
) -> dict:
    """Run every query through `search` (text → references, best first) and score it.

    `live` are the references of the live opportunities (a judged reference outside it is
    unknown: counted, and left out); `visible` those the viewer may see (a judged live
    reference outside it cannot be returned, so it leaves the ideal ranking too)."""
    rows = []
    unknown: set[str] = set()
    hidden = 0
    for query in queries:
        unknown |= set(query.grades) - live
        hidden += len([ref for ref in query.grades if ref in live and ref not in visible])
        grades = {ref: g for ref, g in query.grades.items() if ref in visible}
        ranked = search(query.text)
        row = {"id": query.id, "language": query.language, "query": query.text, "nonsense": query.nonsense,
               "results": len(ranked), "top": [[ref, grades.get(ref, 0)] for ref in ranked[:PRECISION_AT]]}
        if not query.nonsense:
            row["ndcg_at_10"] = ndcg(ranked, grades)
            row["precision_at_5"] = precision(ranked, grades)
            row["relevant"] = sum(1 for g in grades.values() if g >= 1)
        rows.append(row)
    summary = {language: _summarise([r for r in rows if r["language"] == language]) for language in CODES}
    summary["all"] = _summarise(rows)
    overall = summary["all"]
    verdicts = {
        "ndcg_at_10": overall["ndcg_at_10"] is not None and overall["ndcg_at_10"] >= GOALS["ndcg_at_10"],
        "nonsense_empty_share": overall["nonsense_empty_share"] is not None
        and overall["nonsense_empty_share"] >= GOALS["nonsense_empty_share"],
    }
    return {
        "summary": summary, "queries": rows, "goals": GOALS, "pass": verdicts, "passed": all(verdicts.values()),
        "unknown_references": sorted(unknown), "judged_but_hidden": hidden,
    }


def _summarise(rows: list[dict]) -> dict:
    judged = [r for r in rows if not r["nonsense"]]
    nonsense = [r for r in rows if r["nonsense"]]
    scored = [r["ndcg_at_10"] for r in judged if r["ndcg_at_10"] is not None]
    return {
        "queries": len(judged),
        "scored": len(scored),
        "ndcg_at_10": _mean(scored),
        "precision_at_5": _mean(r["precision_at_5"] for r in judged),
        "median_results": _median([r["results"] for r in judged]),
        "nonsense_queries": len(nonsense),
        "nonsense_empty_share": empty_share([r["results"] for r in nonsense]),
        "nonsense_median_results": _median([r["results"] for r in nonsense]),
    }
