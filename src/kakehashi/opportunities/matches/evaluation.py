"""Match quality against human judgements: `kakehashi eval-matches`.

A judgement says whether one opportunity (the candidate) is a relevant match for another
(the source). For every source we run the production ranking (`ranking.rank_matches`, the
list the source's owner is shown) and measure:

- **pairwise accuracy**: over every (relevant, not relevant) pair of judged candidates of a
  source, the share ordered correctly — the relevant one is in the list and above the other,
  or the other is not in the list at all (filtered out, e.g. by a stated constraint). A
  relevant candidate missing from the list loses all its pairs.
- **nDCG@10**: binary gains (judged relevant = 1, anything else 0) over the first ten of the
  list, against the ideal list of the source's judged relevant candidates; the mean over the
  sources with at least one relevant judgement.
- **constraint cases**: the judgements tagged with a constraint (fifth column) are each
  ranked correctly — every pair they take part in is ordered correctly (a judgement with no
  counterpart: a relevant candidate is in the list, a not relevant one is not). The goal is
  that all are.

The judgements file is a UTF-8, tab-separated text (`JUDGEMENTS_FORMAT`); the repository's
set over the demo data is opportunities/data/match_judgements.tsv.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kakehashi.matching.queries import is_indexed

from ..models import Opportunity, live_q
from . import COLLECTION, ranking

DEFAULT_JUDGEMENTS = Path(__file__).resolve().parents[1] / "data" / "match_judgements.tsv"
JUDGEMENTS_FORMAT = (
    "One judgement per line, tab-separated: SOURCE, CANDIDATE (opportunity references, e.g. "
    "KK-A0000001), JUDGEMENT ('relevant' or 'not relevant'), NOTE (free text, may be empty) and "
    "optionally CONSTRAINT (a lowercase tag such as country, ticket, trl or sectors, marking a "
    "constraint case). Blank lines and lines starting with '#' are ignored; a first line "
    "starting with 'source' is a header."
)
_REFERENCE = re.compile(r"KK-[0-9A-F]{8}")
_TAG = re.compile(r"[a-z][a-z_]*")
_JUDGEMENTS = {"relevant": True, "not relevant": False}
NDCG_DEPTH = 10


class JudgementError(ValueError):
    """A malformed judgements file; the message names the file and line."""


class MissingData(LookupError):
    """The judged opportunities or their vectors are not in this database."""


@dataclass(frozen=True)
class Judgement:
    line: int
    source: str
    candidate: str
    relevant: bool
    note: str = ""
    constraint: str = ""


def parse_judgements(lines: Iterable[str], name: str = "judgements") -> list[Judgement]:
    """The judgements of a TSV text (`JUDGEMENTS_FORMAT`); JudgementError at the first bad line."""
    found: list[Judgement] = []
    seen: set[tuple[str, str]] = set()
    first = True
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if first and line.lower().startswith("source"):
            first = False
            continue
        first = False

        def error(message: str, number: int = number) -> JudgementError:
            return JudgementError(f"{name}, line {number}: {message}")

        columns = line.split("\t")
        if not 3 <= len(columns) <= 5:
            raise error(f"expected 3 to 5 tab-separated columns, found {len(columns)}")
        source, candidate, verdict = (c.strip() for c in columns[:3])
        note = columns[3].strip() if len(columns) > 3 else ""
        constraint = columns[4].strip() if len(columns) > 4 else ""
        for reference in (source, candidate):
            if not _REFERENCE.fullmatch(reference.upper()):
                raise error(f"{reference!r} is not an opportunity reference (KK- and 8 hexadecimal digits)")
        source, candidate = source.upper(), candidate.upper()
        if source == candidate:
            raise error("an opportunity is judged against itself")
        if verdict.lower() not in _JUDGEMENTS:
            raise error(f"judgement {verdict!r} must be 'relevant' or 'not relevant'")
        if constraint and not _TAG.fullmatch(constraint):
            raise error(f"constraint {constraint!r} must be a lowercase tag (letters and _)")
        if (source, candidate) in seen:
            raise error(f"{source} → {candidate} is judged twice")
        seen.add((source, candidate))
        found.append(Judgement(number, source, candidate, _JUDGEMENTS[verdict.lower()], note, constraint))
    if not found:
        raise JudgementError(f"{name}: no judgements")
    return found


def read_judgements(path: Path) -> list[Judgement]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise JudgementError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    return parse_judgements(text.splitlines(), str(path))


# --- metrics ----------------------------------------------------------------------------------


def _position(ranked: list[str], reference: str) -> float:
    return ranked.index(reference) if reference in ranked else math.inf


def pair_correct(ranked: list[str], relevant: str, not_relevant: str) -> bool:
    """The relevant candidate is listed and above the not relevant one (or that one is not listed)."""
    mine = _position(ranked, relevant)
    return mine != math.inf and mine < _position(ranked, not_relevant)


def pairwise(ranked: list[str], relevant: Iterable[str], not_relevant: Iterable[str]) -> tuple[int, int]:
    """(correctly ordered pairs, pairs) over every (relevant, not relevant) pair of one source."""
    pairs = [(r, n) for r in relevant for n in not_relevant]
    return sum(pair_correct(ranked, r, n) for r, n in pairs), len(pairs)


def ndcg(ranked: list[str], relevant: set[str], depth: int = NDCG_DEPTH) -> float:
    """nDCG@depth with binary gains; 0.0 when nothing is relevant."""
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), depth)))
    if not ideal:
        return 0.0
    gained = sum(1 / math.log2(i + 2) for i, reference in enumerate(ranked[:depth]) if reference in relevant)
    return gained / ideal


def judgement_correct(ranked: list[str], judgement: Judgement, others: list[Judgement]) -> bool:
    """Every pair this judgement takes part in is ordered correctly (`others`: the source's
    other judgements); with no counterpart, a relevant candidate must be listed, a not
    relevant one must not."""
    counterparts = [o.candidate for o in others if o.relevant != judgement.relevant]
    listed = judgement.candidate in ranked
    if not counterparts:
        return listed == judgement.relevant
    if judgement.relevant:
        return all(pair_correct(ranked, judgement.candidate, other) for other in counterparts)
    return all(pair_correct(ranked, other, judgement.candidate) for other in counterparts)


# --- running the production ranking ------------------------------------------------------------


def production_ranking(opportunity: Opportunity) -> list[tuple[str, float]]:
    """The match list the owner of `opportunity` is shown: (reference, score), best first."""
    return [(other.reference, score) for other, score, _ in ranking.rank_matches(opportunity)]


def _check_data(judgements: list[Judgement]) -> dict[str, Opportunity]:
    references = {j.source for j in judgements} | {j.candidate for j in judgements}
    found = {
        o.reference: o
        for o in Opportunity.objects.filter(reference__in=references).select_related("organisation").prefetch_related("sectors")
    }
    missing = sorted(references - set(found))
    if missing:
        raise MissingData(
            f"{len(missing)} judged opportunities are not in this database ({', '.join(missing[:5])}"
            f"{' …' if len(missing) > 5 else ''}): run kakehashi seed-demo and kakehashi reindex"
        )
    live = set(Opportunity.objects.filter(live_q(), reference__in=references).values_list("reference", flat=True))
    sources = {j.source for j in judgements}
    not_live = sorted(sources - live)
    if not_live:
        raise MissingData(f"judged sources are not live (published and open): {', '.join(not_live[:5])}")
    unindexed = sorted(r for r in live if not is_indexed(COLLECTION, found[r].pk))
    if unindexed:
        raise MissingData(
            f"{len(unindexed)} judged opportunities have no vectors ({', '.join(unindexed[:5])}"
            f"{' …' if len(unindexed) > 5 else ''}): run kakehashi reindex"
        )
    return found


def evaluate(
    judgements: list[Judgement],
    rank: Callable[[Opportunity], list[tuple[str, float]]] = production_ranking,
) -> dict:
    """The figures of `rank` (by default the production ranking) against the judgements.
    MissingData when the judged opportunities or their vectors are missing."""
    opportunities = _check_data(judgements)
    by_source: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        by_source[judgement.source].append(judgement)
    correct_pairs = total_pairs = 0
    gains: list[float] = []
    cases: list[dict] = []
    for source, judged in sorted(by_source.items()):
        listed = rank(opportunities[source])
        ranked = [reference for reference, _ in listed]
        scores = dict(listed)
        relevant = [j.candidate for j in judged if j.relevant]
        correct, total = pairwise(ranked, relevant, [j.candidate for j in judged if not j.relevant])
        correct_pairs, total_pairs = correct_pairs + correct, total_pairs + total
        if relevant:
            gains.append(ndcg(ranked, set(relevant)))
        for judgement in judged:
            position = ranked.index(judgement.candidate) + 1 if judgement.candidate in ranked else None
            cases.append({
                "line": judgement.line, "source": source, "candidate": judgement.candidate,
                "relevant": judgement.relevant, "constraint": judgement.constraint, "note": judgement.note,
                "rank": position, "score": scores.get(judgement.candidate),
                "label": ranking.strength(scores[judgement.candidate]) if judgement.candidate in scores else None,
                "correct": judgement_correct(ranked, judgement, [o for o in judged if o is not judgement]),
            })
    constraint_cases = [case for case in cases if case["constraint"]]
    constraints_correct = sum(case["correct"] for case in constraint_cases)
    return {
        "judgements": len(judgements),
        "sources": len(by_source),
        "pairs": total_pairs,
        "pairs_correct": correct_pairs,
        "pairwise_accuracy": round(correct_pairs / total_pairs, 4) if total_pairs else None,
        "ndcg_at_10": round(sum(gains) / len(gains), 4) if gains else None,
        "ndcg_sources": len(gains),
        "constraint_cases": len(constraint_cases),
        "constraint_cases_correct": constraints_correct,
        "goal": "every constraint case ranked correctly",
        "goal_met": constraints_correct == len(constraint_cases),
        "cases": cases,
    }
