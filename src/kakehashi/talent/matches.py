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

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.accounts.regions import region_name
from kakehashi.core.language import detect_language
from kakehashi.matching import queries as matching
from kakehashi.matching import services as indexing
from kakehashi.matching.collections import Collection, Document, passages, register

from . import eligibility, queries
from .models import Application, CandidateProfile, Job, SkillsTestResult, TitpRecord

JOBS = "ssw_job"
CANDIDATES = "ssw_candidate"
SEMANTIC_WEIGHT = 0.6
# semantic_score of a related pair: a Hindi cook's experience and a Japanese kitchen job score
# 0.37, the same experience and a construction job 0.13 (tests/talent/test_matching.py);
# unrelated texts sit near 0.1, translations near 1.
RELATED = 0.3


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


def preference_fit(profile: Any, job: Any, reasons: list[str] | None = None) -> float:
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
    applied: bool = False  # the candidate applied to this job (employers' view)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _explain(match: Match, rules: eligibility.Rules, candidate: eligibility.Candidate | None = None) -> Match:
    candidate = candidate or queries.engine_candidate(match.profile)
    result = eligibility.check(rules, candidate, queries.engine_job(match.job))
    match.missing = [m.message() for m in result.missing]
    match.notes = [n.message() for n in result.notes]
    if match.semantic is not None and match.semantic >= RELATED:
        match.reasons.append(_("The duties are close to your experience"))
    preference_fit(match.profile, match.job, match.reasons)
    return match


def _fit(semantic: float | None, preferences: float) -> float:
    return round(SEMANTIC_WEIGHT * (semantic or 0.0) + (1 - SEMANTIC_WEIGHT) * preferences, 4)


class JobRow(NamedTuple):
    """What ranking reads of a job: no model instance for each job of the pool."""

    pk: int
    field_code: str
    level: int
    category: str
    required_jlpt: int | None
    prefecture: str
    monthly_wage_jpy: int
    start_date: dt.date


class ProfileRow(NamedTuple):
    pk: int
    jlpt_level: int | None
    jft_score: int | None
    care_test_date: dt.date | None
    ssw1_months: int
    preferred_prefectures: list[str]
    expected_wage_jpy: int | None
    available_from: dt.date | None


JOB_COLUMNS = JobRow._fields
PROFILE_COLUMNS = ProfileRow._fields


def _rank(pairs: list[tuple[Any, Any, bool, float | None]], key: Callable[[Any, Any], int], limit: int) -> list[tuple]:
    scored = [(job, profile, ok, semantic, _fit(semantic, preference_fit(profile, job))) for job, profile, ok, semantic in pairs]
    scored.sort(key=lambda item: (not item[2], -item[4], key(item[0], item[1])))
    return scored[:limit]


def jobs_for_candidate(profile: CandidateProfile, language: str, filters: queries.JobFilters | None = None,
                       limit: int = 50, explain: bool = True) -> list[Match]:
    """Published jobs for this candidate: eligible first, then by fit; with reasons for the kept ones."""
    rows = [JobRow(*values) for values in queries.published_jobs(filters).order_by().values_list(*JOB_COLUMNS)]
    if not rows:
        return []
    rules = queries.rules_on(language)
    candidate = queries.engine_candidate(profile)
    eligible = eligibility.matrix(rules, [candidate], [queries.engine_job(j) for j in rows])[0]
    semantic: dict[int, float] = {}
    if matching.is_indexed(CANDIDATES, profile.pk):
        hits = matching.similar(CANDIDATES, profile.pk, among=JOBS, allowed={j.pk for j in rows}, limit=len(rows))
        semantic = {h.object_id: matching.semantic_score(h.adjusted) for h in hits}
    kept = _rank([(j, profile, bool(ok), semantic.get(j.pk)) for j, ok in zip(rows, eligible, strict=True)],
                 lambda job, _profile: job.pk, limit)
    jobs = Job.objects.select_related("organisation").in_bulk([job.pk for job, *_rest in kept])
    found = [Match(jobs[job.pk], profile, ok, fit, sem) for job, _p, ok, sem, fit in kept]
    return [_explain(m, rules, candidate) for m in found] if explain else found


def _candidate_rows(profile_ids: Any) -> list[tuple[ProfileRow, eligibility.Candidate]]:
    """Discoverable profiles as rows with their engine view, in three queries."""
    skills: dict[int, set[tuple[str, int]]] = {}
    for profile_id, code, level in SkillsTestResult.objects.filter(profile_id__in=profile_ids).values_list("profile_id", "field_code", "level"):
        skills.setdefault(profile_id, set()).add((code, level))
    titp: dict[int, set[str]] = {}
    for profile_id, code in TitpRecord.objects.filter(profile_id__in=profile_ids, stage__gte=2, completed_on__isnull=False).values_list("profile_id", "field_code"):
        titp.setdefault(profile_id, set()).add(code)
    rows = [ProfileRow(*values) for values in CandidateProfile.objects.filter(pk__in=profile_ids).values_list(*PROFILE_COLUMNS)]
    return [(row, eligibility.Candidate(
        jlpt=row.jlpt_level, jft_a2=(row.jft_score or 0) >= queries.JFT_A2, care_test=row.care_test_date is not None,
        skills=frozenset(skills.get(row.pk, ())), titp2=frozenset(titp.get(row.pk, ())), ssw1_months=row.ssw1_months,
    )) for row in rows]


def candidates_for_job(job: Job, language: str, limit: int = 50, eligible_only: bool = True) -> list[Match]:
    """Candidates who let employers find them or who applied to this job: eligible ones (all,
    without `eligible_only`, eligible first), then by fit, with the reasons."""
    applied = set(
        Application.objects.filter(job_id=job.pk, candidate__isnull=False, candidate__user__in=people.approved_members())
        .values_list("candidate_id", flat=True)
    )
    candidates = _candidate_rows(CandidateProfile.objects.filter(
        Q(pk__in=queries.discoverable_profiles().values("pk")) | Q(pk__in=applied)).values("pk"))
    if not candidates:
        return []
    rules = queries.rules_on(language)
    eligible = eligibility.matrix(rules, [c for _row, c in candidates], [queries.engine_job(job)])[:, 0]
    pool = [(row, bool(ok)) for (row, _c), ok in zip(candidates, eligible, strict=True) if ok or not eligible_only]
    semantic: dict[int, float] = {}
    if pool and matching.is_indexed(JOBS, job.pk):
        hits = matching.similar(JOBS, job.pk, among=CANDIDATES, allowed={row.pk for row, _ok in pool}, limit=len(pool))
        semantic = {h.object_id: matching.semantic_score(h.adjusted) for h in hits}
    kept = _rank([(job, row, ok, semantic.get(row.pk)) for row, ok in pool], lambda _job, row: row.pk, limit)
    profiles = queries.with_records(CandidateProfile.objects.select_related("user")).in_bulk([row.pk for _j, row, *_rest in kept])
    return [_explain(Match(job, profiles[row.pk], ok, fit, sem, applied=row.pk in applied), rules) for _j, row, ok, sem, fit in kept]


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


