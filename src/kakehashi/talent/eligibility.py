"""The eligibility engine: pure functions over plain values (no database). `queries.rules_on`
builds the `Rules` from the tables; the page, the API and the benchmark call `check` or, for
many candidates against many jobs at once, `matrix` (numpy, same rules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

NO_JLPT = 9  # "no JLPT level": worse than N5 in comparisons (N1 = 1 is best)


@dataclass(frozen=True)
class FieldRule:
    code: str
    name: str
    has_ssw2: bool = True
    needs_care_test: bool = False
    ssw2_jlpt: int | None = None
    # job category -> {"jlpt": level, "jft": whether JFT-Basic A2 is accepted}
    categories: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    fields: dict[str, FieldRule]
    jlpt_min: int = 4
    ssw1_max_months: int = 60
    titp2_language_any_field: bool = True


@dataclass(frozen=True)
class Candidate:
    jlpt: int | None = None  # best JLPT level passed, 1..5
    jft_a2: bool = False  # JFT-Basic at A2 or above
    care_test: bool = False  # Care Japanese Evaluation Test passed
    skills: frozenset[tuple[str, int]] = frozenset()  # (field code, SSW level 1 or 2) skills tests passed
    titp2: frozenset[str] = frozenset()  # field codes related to a completed Technical Intern Training (ii)
    ssw1_months: int = 0  # months already spent in SSW (i)


@dataclass(frozen=True)
class Job:
    field: str
    level: int = 1  # SSW (i) or (ii)
    category: str = ""  # e.g. "bus_taxi"
    min_jlpt: int | None = None  # the employer's own JLPT requirement (stricter than the programme's), 1..5


@dataclass(frozen=True)
class Finding:
    """One missing requirement or note, rendered in the active language by `message()`."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self) -> str:
        p = dict(self.params)
        have = _level_name(p.get("have"))  # type: ignore[arg-type]
        texts = {
            "unknown_field": lambda: _("This field is not part of the programme."),
            "no_ssw2": lambda: _("%(field)s has no SSW (ii).") % p,
            "language": lambda: _("needs JLPT N%(jlpt)s or JFT-Basic A2 — you have %(have)s") % {**p, "have": have},
            "language_jlpt_only": lambda: _("needs JLPT N%(jlpt)s (JFT-Basic is not enough for this job) — you have %(have)s") % {**p, "have": have},
            "language_ssw2": lambda: _("SSW (ii) in %(field)s needs JLPT N%(jlpt)s — you have %(have)s") % {**p, "have": have},
            "employer_language": lambda: _("this employer asks for JLPT N%(jlpt)s — you have %(have)s") % {**p, "have": have},
            "skills": lambda: _("needs the %(field)s skills test") % p,
            "skills_ssw2": lambda: _("needs the %(field)s SSW (ii) skills test") % p,
            "care": lambda: _("needs the Care Japanese Evaluation Test"),
            "skills_and_care": lambda: _("needs the %(field)s skills test and the Care Japanese Evaluation Test") % p,
            "limit_reached": lambda: _("5-year SSW (i) limit reached"),
            "time_left": lambda: _("5-year SSW (i) limit: %(left)s left") % {"left": duration(int(p["months"]))},  # type: ignore[call-overload]
            "titp2_exempt": lambda: _("Technical Intern Training (ii) in a related job: skills and Japanese tests waived"),
            "titp2_language_exempt": lambda: _("Technical Intern Training (ii) completed: the general Japanese test is waived"),
        }
        return texts[self.code]()


@dataclass(frozen=True)
class Result:
    job: Job
    missing: tuple[Finding, ...]
    notes: tuple[Finding, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.missing


def _level_name(level: int | None) -> str:
    return f"N{level}" if level and level != NO_JLPT else _("no JLPT level")


def duration(months: int) -> str:
    years, rest = divmod(max(months, 0), 12)
    if years and rest:
        return _("%(y)d year(s) %(m)d month(s)") % {"y": years, "m": rest}
    if years:
        return _("%(y)d year(s)") % {"y": years}
    return _("%(m)d month(s)") % {"m": rest}


def _f(code: str, **params: object) -> Finding:
    return Finding(code, tuple(sorted(params.items())))


def check(rules: Rules, candidate: Candidate, job: Job) -> Result:
    """Whether the candidate meets the job's SSW requirements (and the employer's own JLPT
    level, if it asks for one), or exactly what is missing."""
    result = _check_programme(rules, candidate, job)
    jlpt = candidate.jlpt or NO_JLPT
    if job.min_jlpt and jlpt > job.min_jlpt and result.missing != (_f("unknown_field"),):
        return Result(job, (*result.missing, _f("employer_language", jlpt=job.min_jlpt, have=jlpt)), result.notes)
    return result


def _check_programme(rules: Rules, candidate: Candidate, job: Job) -> Result:
    rule = rules.fields.get(job.field)
    if rule is None:
        return Result(job, (_f("unknown_field"),))
    if job.level == 2:
        return _check_ssw2(rule, candidate, job)
    missing: list[Finding] = []
    notes: list[Finding] = []
    jlpt = candidate.jlpt or NO_JLPT
    related_titp = job.field in candidate.titp2
    if related_titp:
        notes.append(_f("titp2_exempt"))
    else:
        category = rule.categories.get(job.category, {})
        need = int(category.get("jlpt", rules.jlpt_min))
        jft_ok = bool(category.get("jft", True))
        general_waived = rules.titp2_language_any_field and not category and any(code in rules.fields for code in candidate.titp2)
        if general_waived:
            notes.append(_f("titp2_language_exempt"))
        elif not (jlpt <= need or (jft_ok and candidate.jft_a2)):
            missing.append(_f("language" if jft_ok else "language_jlpt_only", jlpt=need, have=jlpt))
        lacks_skills = (job.field, 1) not in candidate.skills and (job.field, 2) not in candidate.skills
        lacks_care = rule.needs_care_test and not candidate.care_test
        if lacks_skills and lacks_care:
            missing.append(_f("skills_and_care", field=rule.name))
        elif lacks_skills:
            missing.append(_f("skills", field=rule.name))
        elif lacks_care:
            missing.append(_f("care"))
    left = rules.ssw1_max_months - candidate.ssw1_months
    if left <= 0:
        missing.append(_f("limit_reached"))
    elif candidate.ssw1_months > 0:
        notes.append(_f("time_left", months=left))
    return Result(job, tuple(missing), tuple(notes))


def _check_ssw2(rule: FieldRule, candidate: Candidate, job: Job) -> Result:
    if not rule.has_ssw2:
        return Result(job, (_f("no_ssw2", field=rule.name),))
    missing = []
    if (job.field, 2) not in candidate.skills:
        missing.append(_f("skills_ssw2", field=rule.name))
    jlpt = candidate.jlpt or NO_JLPT
    if rule.ssw2_jlpt and jlpt > rule.ssw2_jlpt:
        missing.append(_f("language_ssw2", field=rule.name, jlpt=rule.ssw2_jlpt, have=jlpt))
    return Result(job, tuple(missing))


def check_all_fields(rules: Rules, candidate: Candidate, level: int = 1) -> list[Result]:
    """The candidate against every field at one SSW level (the "Am I eligible?" page)."""
    return [check(rules, candidate, Job(code, level)) for code in rules.fields]


def matrix(rules: Rules, candidates: list[Candidate], jobs: list[Job]) -> np.ndarray:
    """A boolean array [candidate, job]: True where `check(...).eligible` is True. The same
    rules as `check`, on arrays: a field is a bit in a 64-bit mask."""
    codes = {code: i for i, code in enumerate(rules.fields)}
    if len(codes) > 63:  # pragma: no cover - the programme has 16 fields
        raise ValueError("at most 63 fields")

    def mask(items: Iterable[str]) -> int:
        return sum((1 << codes[c] for c in items if c in codes), 0)

    n = len(candidates)
    jlpt = np.array([c.jlpt or NO_JLPT for c in candidates], dtype=np.int8)[:, None]
    jft = np.array([c.jft_a2 for c in candidates])[:, None]
    care = np.array([c.care_test for c in candidates])[:, None]
    skills1 = np.array([mask({f for f, lv in c.skills}) for c in candidates], dtype=np.int64)[:, None]
    skills2 = np.array([mask({f for f, lv in c.skills if lv == 2}) for c in candidates], dtype=np.int64)[:, None]
    titp = np.array([mask(c.titp2) for c in candidates], dtype=np.int64)[:, None]
    months_ok = np.array([c.ssw1_months < rules.ssw1_max_months for c in candidates])[:, None]

    known = np.array([j.field in codes for j in jobs])[None, :]
    bit = np.array([1 << codes[j.field] if j.field in codes else 0 for j in jobs], dtype=np.int64)[None, :]
    level2 = np.array([j.level == 2 for j in jobs])[None, :]
    rule_of = [rules.fields.get(j.field) for j in jobs]
    category = [(r.categories.get(j.category, {}) if r else {}) for r, j in zip(rule_of, jobs, strict=True)]
    need = np.array([int(c.get("jlpt", rules.jlpt_min)) for c in category], dtype=np.int8)[None, :]
    jft_ok = np.array([bool(c.get("jft", True)) for c in category])[None, :]
    plain = np.array([not c for c in category])[None, :]
    needs_care = np.array([bool(r and r.needs_care_test) for r in rule_of])[None, :]
    has2 = np.array([bool(r and r.has_ssw2) for r in rule_of])[None, :]
    need2 = np.array([(r.ssw2_jlpt or NO_JLPT) if r else NO_JLPT for r in rule_of], dtype=np.int8)[None, :]
    employer = np.array([j.min_jlpt or NO_JLPT for j in jobs], dtype=np.int8)[None, :]

    related = (titp & bit) != 0
    waived = np.broadcast_to(titp != 0, (n, 1)) & plain if rules.titp2_language_any_field else np.zeros((1, 1), bool)
    language = (jlpt <= need) | (jft_ok & jft) | waived
    level1 = related | (language & ((skills1 & bit) != 0) & (~needs_care | care))
    level1 = level1 & months_ok
    level2_ok = has2 & ((skills2 & bit) != 0) & (jlpt <= need2)
    return known & np.where(level2, level2_ok, level1) & (jlpt <= employer)


def category_label(code: str) -> str:
    """A job category's name in the active language (the code itself when unknown)."""
    return {"bus_taxi": _("bus and taxi driving")}.get(code, code)
