"""Pages of the glossary (the public list, its CSV/TSV export, staff's term form) and of the guides."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import public, staff_only
from kakehashi.translations import queries as translations

from . import glossary, guides
from .forms import GuideSearchForm, TermForm
from .models import Term


@public
def glossary_page(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    rows = [{"term": t, "definition": t.definition_in(language)} for t in glossary.terms()]
    return render(request, "knowledge/glossary.html", {"rows": rows})


def _export(delimiter: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(glossary.export(glossary.terms(), delimiter=delimiter), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public
def glossary_csv(request: HttpRequest) -> HttpResponse:
    return _export(",", "text/csv", "kakehashi-glossary.csv")


@public
def glossary_tsv(request: HttpRequest) -> HttpResponse:
    return _export("\t", "text/tab-separated-values", "kakehashi-glossary.tsv")


def _term_form(request: SignedInRequest, term: Term | None) -> HttpResponse:
    form = TermForm(request.POST or None, instance=Term.objects.get(pk=term.pk) if term else None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            if term is None:
                glossary.create_term(request.user, **form.service_kwargs())
            else:
                glossary.update_term(request.user, term, **form.service_kwargs())
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect("knowledge:glossary")
    status = 400 if request.method == "POST" else 200
    title = term.en if term else _("New term")
    return render(request, "knowledge/form.html", {"form": form, "title": title, "back": reverse("knowledge:glossary")}, status=status)


@staff_only
def term_create(request: SignedInRequest) -> HttpResponse:
    return _term_form(request, None)


@staff_only
def term_edit(request: SignedInRequest, term_id: int) -> HttpResponse:
    return _term_form(request, glossary.term_for(term_id))


@public
def guides_page(request: HttpRequest) -> HttpResponse:
    """Guides by topic, each in the reader's language where a version exists; `q` searches them."""
    form = GuideSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    found = guides.find(request.user, q)
    translations.attach(request, "post", found)
    return render(request, "knowledge/guides.html", {"groups": guides.grouped(found), "form": form, "q": q, "count": len(found)})
