"""Matches between opportunities: which candidates may match at all, then how well, and why.

**Admissible candidates** (`candidates_for`, then `exclusions`): live, of a complementary kind
(`models.COMPLEMENTS`), of another organisation, and against no constraint that either owner
stated. Every constraint is read in both directions and is symmetric, so A excludes B exactly
when B excludes A (the reverse match that services.py stores obeys them too):

- ``country``: the candidate's country is outside my target countries, or mine is outside
  theirs (an opportunity without target countries accepts any country);
- ``ticket``: investment sought ↔ investor mandate, both with a ticket range, and the ranges
  do not overlap (touching ends overlap);
- ``trl``: both state a technology readiness level and the gap (`trl_gap`) is more than
  `TRL_WINDOW` (3) levels. Per kind: a technology request states the least it needs ("TRL 7
  or above"), so the gap is how far the offer falls short (a TRL 3 lab result does not answer
  it; a TRL 9 product does); joint R&D partners and pilot calls should be at about the same
  stage, so the gap is the distance either way.

**Score** (`explain`, 0–1): the semantic fit of the texts leads, everything else can only
lower it or break ties. No linear sum: a shared sector code never outweighs the text::

    score = semantic × stage factor × country factor × sector factor

- semantic: `semantic_score` of the engine's calibrated, cross-lingual similarity;
- stage factor, the soft constraints (named in ``signals["constraints"]``): a TRL gap of 2
  ×0.9, of 3 ×0.8 (``trl_gap``); company stages of an investment pair one step apart ×0.9,
  further ×0.75 (``company_stage``);
- country factor: ×0.9 for two opportunities of the same country when neither named target
  countries (``same_country``: the platform is for India–Japan partnerships), else ×1;
- sector factor, a tie-break only: a shared ISIC division ×1.0, the same section ×0.98,
  sectors unknown ×0.97, nothing in common ×0.95 — at most 5 %, so sectors only reorder
  candidates whose texts fit almost equally (0.43 with a shared sector stays below 0.49
  without one).

A match that misses a soft constraint has the part of its score above 0.5 compressed into
0.5–0.6 (`SOFT_MISS_KNEE`, `SOFT_MISS_CAP`): it is never labelled "strong" and keeps its order
among such matches. An excluded pair (scored only when `explain` is asked directly) is 0.

**Labels** (`strength`, what readers see instead of a number; `STRENGTHS`): "strong" ≥ 0.62 —
a close semantic fit (about the best tenth of the demo's matches) meeting every constraint;
"good" ≥ 0.45 — the texts clearly address each other; "possible" below.

The signals are stored with the match (`Match.signals`) so the page can say why, in the
reader's language. The texts are compared by the matching engine
(`kakehashi.matching.queries`); the domain rules are here.
"""

from __future__ import annotations

from kakehashi.matching import queries as matching
from kakehashi.matching import services as indexing
from kakehashi.matching.queries import Hit, semantic_score

from ..models import COMPLEMENTS, INVESTMENT_KINDS, CompanyStage, Kind, Opportunity, live_q
from . import COLLECTION

KEEP = 30  # matches kept per opportunity
TRL_WINDOW = 3  # a TRL gap above this excludes the pair (`trl_gap`)
TRL_FACTORS = (1.0, 1.0, 0.9, 0.8)  # by TRL gap 0, 1, 2, 3
COMPANY_STAGE_FACTORS = (1.0, 0.9, 0.75)  # 0, 1, 2+ steps apart
SAME_COUNTRY_FACTOR = 0.9
SECTOR_FACTORS = {"shared": 1.0, "adjacent": 0.98, "unknown": 0.97, "none": 0.95}

# What a reader sees instead of a percentage: the lowest score of each label, best first.
STRENGTHS = (("strong", 0.62), ("good", 0.45), ("possible", 0.0))
SOFT_MISS_KNEE, SOFT_MISS_CAP = 0.5, 0.6  # a match missing a soft constraint: above the knee,
# its score is compressed into knee–cap, so it is at most "good" and keeps its order

_STAGE_ORDER = list(CompanyStage.values)


def strength(score: float) -> str:
    """The plain label of a match score: "strong", "good" or "possible"."""
    for label, floor in STRENGTHS:
        if score >= floor:
            return label
    return STRENGTHS[-1][0]


TEXT_FITS = {"strong": "close", "good": "related", "possible": "loose"}


def text_fit(semantic: float) -> str:
    """The plain label of the texts' semantic fit alone (0–1), on the floors of `strength`:
    "close", "related" or "loose". A reader sees this, never the number."""
    return TEXT_FITS[strength(semantic)]


def _country(opportunity: Opportunity) -> str:
    organisation = opportunity.organisation
    return organisation.other_country if organisation.country == "XX" else organisation.country


def _ticket_range(opportunity: Opportunity) -> tuple[float, float] | None:
    low, high = opportunity.ticket_min_usd, opportunity.ticket_max_usd
    if low is None and high is None:
        return None
    return float(low or 0), float("inf") if high is None else float(high)


def _tickets_overlap(a: Opportunity, b: Opportunity) -> bool | None:
    """Whether the ticket ranges overlap (an open end is unbounded); None unless both are
    investment kinds stating a range."""
    if a.kind not in INVESTMENT_KINDS or b.kind not in INVESTMENT_KINDS:
        return None
    range_a, range_b = _ticket_range(a), _ticket_range(b)
    if range_a is None or range_b is None:
        return None
    return max(range_a[0], range_b[0]) <= min(range_a[1], range_b[1])


def trl_gap(a: Opportunity, b: Opportunity) -> int | None:
    """How far apart the two readiness levels are; None unless both state one. A technology
    request states the least it needs ("TRL 7 or above"): an offer only falls short below it.
    Other kinds (joint R&D, pilot calls) should be at about the same stage: the distance."""
    if not a.trl or not b.trl:
        return None
    kinds = {a.kind: a.trl, b.kind: b.trl}
    if kinds.keys() == {Kind.TECHNOLOGY_REQUEST, Kind.TECHNOLOGY_OFFER}:
        return max(0, kinds[Kind.TECHNOLOGY_REQUEST] - kinds[Kind.TECHNOLOGY_OFFER])
    return abs(a.trl - b.trl)


def exclusions(a: Opportunity, b: Opportunity) -> list[str]:
    """The stated constraints that rule the pair out ("country", "ticket", "trl"); empty
    when b may match a. Symmetric: exclusions(a, b) == exclusions(b, a)."""
    found = []
    country_a, country_b = _country(a), _country(b)
    if (a.target_countries and country_b not in a.target_countries) or (
        b.target_countries and country_a not in b.target_countries
    ):
        found.append("country")
    if _tickets_overlap(a, b) is False:
        found.append("ticket")
    gap = trl_gap(a, b)
    if gap is not None and gap > TRL_WINDOW:
        found.append("trl")
    return found


def sector_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict]:
    mine = {s.code: s for s in a.sectors.all()}
    theirs = {s.code: s for s in b.sectors.all()}
    shared = sorted(set(mine) & set(theirs))
    sections_a = {s.parent_id or s.code for s in mine.values()}
    sections_b = {s.parent_id or s.code for s in theirs.values()}
    adjacent = sorted((sections_a & sections_b) - set(shared))
    if shared:
        key = "shared"
    elif adjacent:
        key = "adjacent"
    elif not mine or not theirs:
        key = "unknown"
    else:
        key = "none"
    return SECTOR_FACTORS[key], {"shared": shared, "adjacent": adjacent}


def country_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict]:
    country_a, country_b = _country(a), _country(b)
    other = country_a != country_b
    a_wants_b = not a.target_countries or country_b in a.target_countries
    b_wants_a = not b.target_countries or country_a in b.target_countries
    unstated = not a.target_countries and not b.target_countries
    value = SAME_COUNTRY_FACTOR if (not other and unstated) else 1.0
    return value, {"mine": country_a, "theirs": country_b, "other_country": other,
                   "in_my_targets": a_wants_b, "in_their_targets": b_wants_a}


def stage_signal(a: Opportunity, b: Opportunity) -> tuple[float, dict, list[str]]:
    """The stage factor, its details, and the soft constraints it applied."""
    detail: dict = {}
    factor, applied = 1.0, []
    gap = trl_gap(a, b)
    if gap is not None:
        detail["trl"] = [a.trl, b.trl]
        if TRL_FACTORS[min(gap, TRL_WINDOW)] < 1.0:
            factor *= TRL_FACTORS[min(gap, TRL_WINDOW)]
            applied.append("trl_gap")
    if a.company_stage and b.company_stage:
        detail["company_stage"] = [a.company_stage, b.company_stage]
        steps = abs(_STAGE_ORDER.index(a.company_stage) - _STAGE_ORDER.index(b.company_stage))
        step_factor = COMPANY_STAGE_FACTORS[min(steps, len(COMPANY_STAGE_FACTORS) - 1)]
        if step_factor < 1.0:
            factor *= step_factor
            applied.append("company_stage")
    overlap = _tickets_overlap(a, b)
    if overlap is not None:
        detail["ticket"] = {"fit": 1.0 if overlap else 0.0, "mine": [a.ticket_min_usd, a.ticket_max_usd],
                            "theirs": [b.ticket_min_usd, b.ticket_max_usd]}
    return factor, detail, applied


def explain(a: Opportunity, b: Opportunity, hit: Hit, passages: bool = True) -> tuple[float, dict]:
    """The score of b as a match for a, and the signals that explain it (with the passages
    that matched unless `passages` is False: they are read after ranking, for the kept ones)."""
    semantic = semantic_score(hit.adjusted)
    sectors, sector_detail = sector_signal(a, b)
    country, country_detail = country_signal(a, b)
    stage, stage_detail, soft = stage_signal(a, b)
    excluded = exclusions(a, b)
    constraints = excluded + soft + (["same_country"] if country < 1.0 else [])
    score = 0.0 if excluded else semantic * stage * country * sectors
    if constraints and score > SOFT_MISS_KNEE:
        score = SOFT_MISS_KNEE + (score - SOFT_MISS_KNEE) * (SOFT_MISS_CAP - SOFT_MISS_KNEE) / (1 - SOFT_MISS_KNEE)
    signals = {
        "semantic": round(semantic, 3),
        "similarity_z": round(hit.similarity, 4),
        "adjusted_z": round(hit.adjusted, 4),
        "sectors": {"value": sectors, **sector_detail},
        "kinds": [a.kind, b.kind],
        "country": {"value": round(country, 2), **country_detail},
        "stage": {"value": round(stage, 2), **stage_detail},
        "constraints": constraints,
        "languages": [a.language, b.language],
        "cross_language": a.language != b.language,
        "passages": matching.best_passages(COLLECTION, a.pk, b.pk) if passages else [],
    }
    return round(score, 4), signals


def candidates_for(opportunity: Opportunity):
    """Live opportunities of a complementary kind and another organisation (the structural
    filter; `exclusions` then applies the owners' stated constraints)."""
    return (
        Opportunity.objects.filter(live_q(), kind__in=COMPLEMENTS[opportunity.kind])
        .exclude(organisation_id=opportunity.organisation_id)
        .select_related("organisation")
        .prefetch_related("sectors")
    )


def rank_matches(
    opportunity: Opportunity, limit: int = KEEP, passages: bool = True,
) -> list[tuple[Opportunity, float, dict]]:
    """The best admissible opportunities for this one, best first, with score and signals
    (the matching passages left empty when `passages` is False: see `add_passages`)."""
    pool = {o.pk: o for o in candidates_for(opportunity) if not exclusions(opportunity, o)}
    if not pool:
        return []
    hits = matching.similar(COLLECTION, opportunity.pk, allowed=set(pool), limit=max(limit * 2, 40))
    scored = [(pool[hit.object_id], *explain(opportunity, pool[hit.object_id], hit, passages=False)) for hit in hits]
    scored.sort(key=lambda item: (-item[1], item[0].pk))
    kept = scored[:limit]
    if passages:
        add_passages([opportunity], [kept])
    return kept


def add_passages(opportunities: list[Opportunity], ranked: list[list[tuple[Opportunity, float, dict]]]) -> None:
    """Fill in the matching passages of these opportunities' kept matches. Only they need
    passages (a reindex encodes whole texts only): the engine encodes the missing ones here,
    in the task, in one batch for all of them."""
    ids = {o.pk for o in opportunities} | {other.pk for kept in ranked for other, _, _ in kept}
    indexing.ensure_passages(COLLECTION, ids)
    for opportunity, kept in zip(opportunities, ranked, strict=True):
        for other, _, signals in kept:
            signals["passages"] = matching.best_passages(COLLECTION, opportunity.pk, other.pk)
