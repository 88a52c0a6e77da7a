"""Matches between opportunities: structural filters, then a score with its reasons.

A candidate must be live, of a complementary kind and of another organisation. Its score
(0–1) weighs: semantic similarity of the texts (cross-lingual), sectors (shared
division, or same section = adjacent), country fit (the other country is preferred; target
countries respected), and stage fit (TRL, company stage, ticket size for investment). The
signals are stored with the match so the page can say why, in the reader's language.
The texts are compared by the matching engine (`kakehashi.matching.queries`); the domain
rules are here.
"""

from __future__ import annotations

from kakehashi.matching import queries as matching
from kakehashi.matching.queries import Hit, semantic_score

from ..models import COMPLEMENTS, INVESTMENT_KINDS, Opportunity, live_q
from . import COLLECTION

KEEP = 30  # matches kept per opportunity
WEIGHTS = {"semantic": 0.6, "sectors": 0.15, "country": 0.15, "stage": 0.10}

# What a reader sees instead of a percentage: the lowest score of each label, best first.
STRENGTHS = (("strong", 0.70), ("good", 0.55), ("possible", 0.0))


def strength(score: float) -> str:
    """The plain label of a match score: "strong", "good" or "possible"."""
    for label, floor in STRENGTHS:
        if score >= floor:
            return label
    return STRENGTHS[-1][0]


def _country(opportunity: Opportunity) -> str:
    organisation = opportunity.organisation
    return organisation.other_country if organisation.country == "XX" else organisation.country


def sector_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict]:
    mine = {s.code: s for s in a.sectors.all()}
    theirs = {s.code: s for s in b.sectors.all()}
    shared = sorted(set(mine) & set(theirs))
    sections_a = {s.parent_id or s.code for s in mine.values()}
    sections_b = {s.parent_id or s.code for s in theirs.values()}
    adjacent = sorted((sections_a & sections_b) - set(shared))
    if shared:
        value = 1.0
    elif adjacent:
        value = 0.6
    elif not mine or not theirs:
        value = 0.3
    else:
        value = 0.0
    return value, {"shared": shared, "adjacent": adjacent}


def country_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict]:
    country_a, country_b = _country(a), _country(b)
    other = country_a != country_b
    a_wants_b = not a.target_countries or country_b in a.target_countries
    b_wants_a = not b.target_countries or country_a in b.target_countries
    value = (0.6 if other else 0.2) + (0.2 if a_wants_b else 0.0) + (0.2 if b_wants_a else 0.0)
    return value, {"mine": country_a, "theirs": country_b, "other_country": other,
                   "in_my_targets": a_wants_b, "in_their_targets": b_wants_a}


def _overlap(a_min, a_max, b_min, b_max) -> float | None:
    if None in (a_min, a_max, b_min, b_max) or not a_max or not b_max:
        return None
    low, high = max(a_min, b_min), min(a_max, b_max)
    if high >= low:
        return 1.0
    gap = low - high  # how far apart the ranges are, relative to the larger range
    return max(0.0, 1.0 - gap / max(a_max, b_max))


def stage_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict]:
    detail: dict = {}
    parts: list[float] = []
    if a.trl and b.trl:
        detail["trl"] = [a.trl, b.trl]
        parts.append(max(0.0, 1.0 - abs(a.trl - b.trl) / 6))
    if a.company_stage and b.company_stage:
        detail["company_stage"] = [a.company_stage, b.company_stage]
        parts.append(1.0 if a.company_stage == b.company_stage else 0.5)
    if a.kind in INVESTMENT_KINDS and b.kind in INVESTMENT_KINDS:
        fit = _overlap(a.ticket_min_usd, a.ticket_max_usd, b.ticket_min_usd, b.ticket_max_usd)
        if fit is not None:
            detail["ticket"] = {"fit": round(fit, 2), "mine": [a.ticket_min_usd, a.ticket_max_usd],
                                "theirs": [b.ticket_min_usd, b.ticket_max_usd]}
            parts.append(fit)
    return (sum(parts) / len(parts) if parts else 0.5), detail


def explain(a: Opportunity, b: Opportunity, hit: Hit) -> tuple[float, dict]:
    semantic = semantic_score(hit.adjusted)
    sectors, sector_detail = sector_signal(a, b)
    country, country_detail = country_signal(a, b)
    stage, stage_detail = stage_signal(a, b)
    score = (WEIGHTS["semantic"] * semantic + WEIGHTS["sectors"] * sectors
             + WEIGHTS["country"] * country + WEIGHTS["stage"] * stage)
    signals = {
        "semantic": round(semantic, 3),
        "similarity_z": round(hit.similarity, 4),
        "adjusted_z": round(hit.adjusted, 4),
        "sectors": {"value": sectors, **sector_detail},
        "kinds": [a.kind, b.kind],
        "country": {"value": round(country, 2), **country_detail},
        "stage": {"value": round(stage, 2), **stage_detail},
        "languages": [a.language, b.language],
        "cross_language": a.language != b.language,
        "passages": matching.best_passages(COLLECTION, a.pk, b.pk),
    }
    return round(score, 4), signals


def candidates_for(opportunity: Opportunity):
    return (
        Opportunity.objects.filter(live_q(), kind__in=COMPLEMENTS[opportunity.kind])
        .exclude(organisation_id=opportunity.organisation_id)
        .select_related("organisation")
        .prefetch_related("sectors")
    )


def rank_matches(opportunity: Opportunity, limit: int = KEEP) -> list[tuple[Opportunity, float, dict]]:
    """The best complementary live opportunities for this one, with score and signals."""
    pool = {o.pk: o for o in candidates_for(opportunity)}
    if not pool:
        return []
    hits = matching.similar(COLLECTION, opportunity.pk, allowed=set(pool), limit=max(limit * 2, 40))
    scored = [(pool[hit.object_id], *explain(opportunity, pool[hit.object_id], hit)) for hit in hits]
    scored.sort(key=lambda item: -item[1])
    return scored[:limit]
