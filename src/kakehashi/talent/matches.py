"""Matching both ways between SSW jobs and candidates, on the domain-free engine.

Two collections are registered in `TalentConfig.ready`: "ssw_job" (published jobs: title
and duties, in Japanese or English) and "ssw_candidate" (every candidate profile with some
text: work experience and education, in any language). A candidate's own profile is the
query for their job search, so every profile is indexed; employers only ever get the ids of
the candidates who let employers find them (`queries.discoverable_profiles`).

Ranking, both ways: eligibility first (`eligibility.matrix`, the same rules as `check`),
then fit = 0.6 × cross-lingual similarity of duties ↔ experience (engine, 0–1) + 0.4 ×
preferences (prefecture, wage, start date; 0–1). Each result carries its reasons in the
viewer's language: what is missing, and why it fits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete
from django.utils.translation import gettext as _

from kakehashi.accounts.regions import region_name
from kakehashi.core.language import detect_language
from kakehashi.matching import queries as matching
from kakehashi.matching import services as indexing
from kakehashi.matching.collections import Collection, Document, passages, register

from . import eligibility, queries
from .models import CandidateProfile, Job

JOBS = "ssw_job"
CANDIDATES = "ssw_candidate"
SEMANTIC_WEIGHT = 0.6


# --- the collections ----------------------------------------------------------------------


def job_document(job: Job) -> Document:
    title, duties = (job.title_en, job.duties_en) if job.duties_en.strip() else (job.title_ja, job.duties_ja)
    text = f"{title}\n{duties}".strip()
    return Document(job.pk, detect_language(text), (text, *passages(title, duties)))


def candidate_text(profile: CandidateProfile) -> str:
    return f"{profile.work_experience}\n{profile.education}".strip()


def candidate_document(profile: CandidateProfile) -> Document:
    text = candidate_text(profile)
    return Document(profile.pk, detect_language(text), (text, *passages(profile.work_experience, profile.education)))


def _fetch_jobs(ids: Sequence[int]) -> Iterable[Document]:
    return [job_document(j) for j in Job.objects.filter(status=Job.Status.PUBLISHED, pk__in=list(ids)).order_by("pk")]


def _fetch_candidates(ids: Sequence[int]) -> Iterable[Document]:
    found = CandidateProfile.objects.filter(pk__in=list(ids)).exclude(work_experience="", education="").order_by("pk")
    return [candidate_document(p) for p in found]


def _live_jobs() -> Iterable[int]:
    return Job.objects.filter(status=Job.Status.PUBLISHED).values_list("pk", flat=True)


def _live_candidates() -> Iterable[int]:
    return CandidateProfile.objects.exclude(work_experience="", education="").values_list("pk", flat=True)


def _visible_jobs(viewer: Any) -> Iterable[int]:
    return _live_jobs()


def _visible_candidates(viewer: Any) -> Iterable[int]:
    return queries.profiles_visible_to(viewer).values_list("pk", flat=True)


def _forget_job(sender: type[Job], instance: Job, **kwargs: Any) -> None:
    indexing.forget(JOBS, [instance.pk])


def _forget_candidate(sender: type[CandidateProfile], instance: CandidateProfile, **kwargs: Any) -> None:
    indexing.forget(CANDIDATES, [instance.pk])


def register_collections() -> None:
    register(Collection(name=JOBS, fetch=_fetch_jobs, live_ids=_live_jobs, visible_ids=_visible_jobs))
    register(Collection(name=CANDIDATES, fetch=_fetch_candidates, live_ids=_live_candidates, visible_ids=_visible_candidates))
    post_delete.connect(_forget_job, sender=Job, dispatch_uid="talent.matches.forget_job")
    post_delete.connect(_forget_candidate, sender=CandidateProfile, dispatch_uid="talent.matches.forget_candidate")


# --- preferences --------------------------------------------------------------------------


def preference_fit(profile: CandidateProfile, job: Job, reasons: list[str] | None = None) -> float:
    """0–1: the job's prefecture, wage and start date against the candidate's wishes (a wish
    not stated counts as half met). Appends the reasons when a list is given."""
    score = 0.0
    if profile.preferred_prefectures:
        if job.prefecture in profile.preferred_prefectures:
            score += 1
            if reasons is not None:
                reasons.append(_("In %(prefecture)s, one of your preferred prefectures") % {"prefecture": region_name(job.prefecture)})
    else:
        score += 0.5
    if profile.expected_wage_jpy:
        if job.monthly_wage_jpy >= profile.expected_wage_jpy:
            score += 1
            if reasons is not None:
                reasons.append(_("¥%(wage)s a month: at least the ¥%(wanted)s you asked for") % {
                    "wage": f"{job.monthly_wage_jpy:,}", "wanted": f"{profile.expected_wage_jpy:,}"})
        else:
            score += max(0.0, job.monthly_wage_jpy / profile.expected_wage_jpy - 0.5)
    else:
        score += 0.5
    if profile.available_from:
        if job.start_date >= profile.available_from:
            score += 1
            if reasons is not None:
                reasons.append(_("Starts %(date)s, after you are available") % {"date": job.start_date.isoformat()})
        else:
            score += max(0.0, 1 - (profile.available_from - job.start_date).days / 180)
    else:
        score += 0.5
    return score / 3


@dataclass
class Match:
    job: Job
    profile: CandidateProfile
    eligible: bool
    fit: float
    semantic: float | None  # None while a document has no vectors yet
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _explain(match: Match, rules: eligibility.Rules) -> Match:
    result = eligibility.check(rules, queries.engine_candidate(match.profile), queries.engine_job(match.job))
    match.missing = [m.message() for m in result.missing]
    match.notes = [n.message() for n in result.notes]
    if match.semantic is not None and match.semantic >= 0.5:
        match.reasons.append(_("The duties are close to your experience (%(percent)s%%)") % {"percent": round(match.semantic * 100)})
    preference_fit(match.profile, match.job, match.reasons)
    return match


def _fit(semantic: float | None, preferences: float) -> float:
    return round(SEMANTIC_WEIGHT * (semantic or 0.0) + (1 - SEMANTIC_WEIGHT) * preferences, 4)


def jobs_for_candidate(profile: CandidateProfile, language: str, filters: queries.JobFilters | None = None,
                       limit: int = 50, explain: bool = True) -> list[Match]:
    """Published jobs for this candidate: eligible first, then by fit; with reasons for the kept ones."""
    jobs = list(queries.published_jobs(filters))
    if not jobs:
        return []
    rules = queries.rules_on(language)
    candidate = queries.engine_candidate(profile)
    eligible = eligibility.matrix(rules, [candidate], [queries.engine_job(j) for j in jobs])[0]
    semantic: dict[int, float] = {}
    if matching.is_indexed(CANDIDATES, profile.pk):
        hits = matching.similar(CANDIDATES, profile.pk, among=JOBS, allowed={j.pk for j in jobs}, limit=len(jobs))
        semantic = {h.object_id: matching.semantic_score(h.adjusted) for h in hits}
    matches = [
        Match(job, profile, bool(ok), _fit(semantic.get(job.pk), preference_fit(profile, job)), semantic.get(job.pk))
        for job, ok in zip(jobs, eligible, strict=True)
    ]
    matches.sort(key=lambda m: (not m.eligible, -m.fit, m.job.pk))
    kept = matches[:limit]
    return [_explain(m, rules) for m in kept] if explain else kept


def candidates_for_job(job: Job, language: str, limit: int = 50, eligible_only: bool = True) -> list[Match]:
    """Candidates who let employers find them, for this job: eligible ones (all, without
    `eligible_only`, eligible first), then by fit, with the reasons."""
    profiles = list(queries.with_records(queries.discoverable_profiles().select_related("user")))
    if not profiles:
        return []
    rules = queries.rules_on(language)
    eligible = eligibility.matrix(rules, [queries.engine_candidate(p) for p in profiles], [queries.engine_job(job)])[:, 0]
    pool = [(p, bool(ok)) for p, ok in zip(profiles, eligible, strict=True) if ok or not eligible_only]
    semantic: dict[int, float] = {}
    if pool and matching.is_indexed(JOBS, job.pk):
        hits = matching.similar(JOBS, job.pk, among=CANDIDATES, allowed={p.pk for p, _ok in pool}, limit=len(pool))
        semantic = {h.object_id: matching.semantic_score(h.adjusted) for h in hits}
    matches = [Match(job, p, ok, _fit(semantic.get(p.pk), preference_fit(p, job)), semantic.get(p.pk)) for p, ok in pool]
    matches.sort(key=lambda m: (not m.eligible, -m.fit, m.profile.pk))
    return [_explain(m, rules) for m in matches[:limit]]


def check_one(profile: CandidateProfile, job: Job, language: str) -> Match:
    """Eligibility and fit of one candidate for one job (the job page)."""
    semantic = None
    if matching.is_indexed(CANDIDATES, profile.pk) and matching.is_indexed(JOBS, job.pk):
        hit = matching.similarity(CANDIDATES, profile.pk, job.pk, among=JOBS)
        semantic = matching.semantic_score(hit.adjusted) if hit else None
    rules = queries.rules_on(language)
    result = eligibility.check(rules, queries.engine_candidate(profile), queries.engine_job(job))
    match = Match(job, profile, result.eligible, _fit(semantic, preference_fit(profile, job)), semantic)
    return _explain(match, rules)


