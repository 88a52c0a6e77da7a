"""SSW jobs' translatable texts, registered with `kakehashi.translations` (which sits below
talent and never imports it).

| source | fields | who may read it | versions by people |
|---|---|---|---|
| `ssw_job` | title, duties | `queries.job_for` (published jobs: everyone; drafts and closed ones: the employer's people, staff) | the people acting for its approved SSW employer (the author), the secretariat |
| `ssw_candidate` | work_experience, education | `queries.profile_for` (the candidate, staff, employers they applied to or opted in for) | none: machine only (private) |

The employer writes the title and duties in English, Japanese or both in the job form: those
are the author's own texts (`Source.written_in`), shown as written, and no version is asked
for in them. Readers of any other language (Hindi, or Japanese when only English was written)
get a version by the employer or the secretariat, else a cached machine translation, else the
original with the "Translate" button. Translations start from the English text when there is
one (machine translation from English is the better bet), else the Japanese. Matching reads
the originals only (`matches.job_document`).

A candidate's work experience and education (in Hindi, English or any language) are
translated by machine only, for an employer reading another language on the candidate's page.

The desk offers published jobs, ranked for a language by the candidates reading it who
applied to the job or are interested in its field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.core.language import detect_language
from kakehashi.translations import queries as translations
from kakehashi.translations.sources import Source, register

from . import queries
from .models import CandidateProfile, Job
from .pipeline.models import Application

SOURCE = "ssw_job"
CANDIDATE_SOURCE = "ssw_candidate"
WRITTEN = ("en", "ja")  # the languages of the job form


def written_languages(job: Any) -> set[str]:
    """The languages the employer wrote both the title and the duties in."""
    return {code for code in WRITTEN if getattr(job, f"title_{code}").strip() and getattr(job, f"duties_{code}").strip()}


def job_texts(job: Any) -> tuple[str, dict[str, str]]:
    """What translations start from: the English title and duties when there are English
    duties, else the Japanese (the same choice as the matching document)."""
    language = "en" if job.duties_en.strip() else "ja"
    return language, {"title": job.title_in(language), "duties": job.duties_in(language)}


def _readable(viewer: Any, pk: int) -> Job | None:
    return queries.job_for(viewer, pk)


def _desk() -> Any:
    return Job.objects.filter(status=Job.Status.PUBLISHED).order_by("-published_at", "-pk")


def _reach(ids: list[int], language: str) -> dict[int, int]:
    """Candidates reading `language` who applied to each job, plus those interested in its field."""
    if not ids:
        return {}
    applied = Counter(
        Application.objects.filter(job_id__in=ids, candidate__user__language=language).values_list("job_id", flat=True)
    )
    interested: Counter[str] = Counter()
    for codes in CandidateProfile.objects.filter(user__language=language, user__is_active=True).values_list("fields_of_interest", flat=True):
        interested.update(set(codes or []))
    fields = dict(Job.objects.filter(pk__in=ids).values_list("pk", "field_code"))
    return {pk: applied.get(pk, 0) + interested.get(fields.get(pk, ""), 0) for pk in ids}


def _lookup(key: str) -> Job | None:
    return Job.objects.filter(pk=int(key)).first() if key.isdigit() and len(key) < 12 else None


def register_sources() -> None:
    register(Source(
        name=SOURCE, label=_("SSW job"), fields=("title", "duties"), multiline=("duties",),
        texts=job_texts, readable=_readable, url=lambda job: job.get_absolute_url(),
        can_author=lambda user, job: queries.can_edit_job(user, job),
        written_in=written_languages, desk=_desk, reach=_reach, desk_key=lambda job: (0, job.published_at), lookup=_lookup,
    ))
    register(Source(
        name=CANDIDATE_SOURCE, label=_("candidate profile"), fields=("work_experience", "education"),
        multiline=("work_experience", "education"), texts=candidate_texts,
        readable=lambda viewer, pk: queries.profile_for(viewer, pk),
        url=lambda profile: reverse("talent:candidate", args=[profile.pk]),
    ))


def candidate_texts(profile: Any) -> tuple[str, dict[str, str]]:
    return detect_language(profile.work_experience, profile.education), {
        "work_experience": profile.work_experience, "education": profile.education}


@dataclass
class JobText:
    """A job's title and duties as one reader sees them."""

    title: str
    duties: str
    language: str
    origin: str  # "original" (the employer's own text), "author", "secretariat" or "machine"
    shown: translations.Shown  # for {% translation_bar %}


def texts_for(request: HttpRequest | None, jobs: Sequence[Job], *, target: str | None = None) -> dict[int, JobText]:
    """Each job's text in the reader's language (`target`, else the page's): the employer's own
    text when they wrote one in it, else a person's version, else a cached machine translation,
    else the original. Two queries for any number of jobs (none for a page of own texts)."""
    if not jobs:
        return {}
    shown = translations.shown_for(request, SOURCE, jobs, target=target or translations.viewer_language(request))
    out: dict[int, JobText] = {}
    for job in jobs:
        item = shown[job.pk]
        if item.target in written_languages(job):
            out[job.pk] = JobText(job.title_in(item.target), job.duties_in(item.target), item.target, "original", item)
        else:
            out[job.pk] = JobText(item["title"], item["duties"], item.language, item.origin, item)
    return out


def attach(request: HttpRequest | None, jobs: Sequence[Job]) -> None:
    """`job.text` (a `JobText`) on each job of a list page."""
    found = texts_for(request, jobs)
    for job in jobs:
        job.text = found[job.pk]  # type: ignore[attr-defined]


def title_for(job: Job, language: str | None = None) -> str:
    """A job's title for one reader outside a request (an e-mail, a notice): the employer's own
    in that language, else a person's version or a cached machine translation, else the original."""
    target = (language or get_language() or "en")[:2]
    if target in written_languages(job):
        return job.title_in(target)
    return texts_for(None, [job], target=target)[job.pk].title
