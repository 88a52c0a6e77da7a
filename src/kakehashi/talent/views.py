"""Public pages: "Am I eligible?" and the list of SSW fields with their requirements and sources."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from kakehashi.core.permissions import public

from . import queries, rules
from .eligibility import Job, category_label, check
from .forms import EligibilityForm


def _language() -> str:
    return (get_language() or "en")[:2]


def results_for(form: EligibilityForm, language: str) -> list[dict]:
    """Per field: SSW (i), its job categories with their own rule, and SSW (ii)."""
    engine = queries.rules_on(language)
    candidate = form.candidate()
    rows = []
    for code, rule in engine.fields.items():
        rows.append({"name": rule.name, "field": code, "category": "", "ssw1": check(engine, candidate, Job(code, 1)),
                     "ssw2": check(engine, candidate, Job(code, 2))})
        for category in rule.categories:
            rows.append({"name": f"{rule.name} — {category_label(category)}", "field": code, "category": category,
                         "ssw1": check(engine, candidate, Job(code, 1, category)), "ssw2": None})
    return rows


@public
def eligibility_page(request: HttpRequest) -> HttpResponse:
    language = _language()
    submitted = bool(request.GET)
    form = EligibilityForm(request.GET if submitted else None, language=language)
    results = results_for(form, language) if submitted and form.is_valid() else None
    status = 400 if submitted and not form.is_valid() else 200
    return render(request, "talent/eligibility.html", {"form": form, "results": results}, status=status)


@public
def fields_page(request: HttpRequest) -> HttpResponse:
    language = _language()
    fields = [{"field": f, "name": f.name_in(language)} for f in queries.fields_on()]
    return render(request, "talent/fields.html", {
        "fields": fields, "rules": queries.rules_in_force(), "india_sources": rules.INDIA_NOTE_SOURCES,
    })
