"""Pages: the public agreements timeline and each agreement; staff add, edit and tag."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import public, staff_only

from . import queries, services
from .forms import AgreementForm, TagForm
from .models import Agreement


def _language() -> str:
    return (get_language() or "en")[:2]


@public
def timeline(request: HttpRequest) -> HttpResponse:
    language = _language()
    entries = [{"agreement": a, "title": a.title_in(language), "summary": a.summary_in(language)} for a in queries.timeline()]
    return render(request, "knowledge/timeline.html", {"entries": entries})


def _detail(request: HttpRequest, agreement: Agreement, tag_form: TagForm | None = None, status: int = 200) -> HttpResponse:
    language = _language()
    return render(request, "knowledge/agreement.html", {
        "agreement": agreement, "title": agreement.title_in(language), "summary": agreement.summary_in(language),
        "tagged": queries.tagged_items(agreement, request.user),
        "tag_form": tag_form or (TagForm() if request.user.is_staff else None),
    }, status=status)


@public
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, queries.agreement_for(slug))


def _form_page(request: SignedInRequest, form: AgreementForm, agreement: Agreement | None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            if agreement is None:
                saved = services.create_agreement(request.user, **form.service_kwargs())
            else:
                saved = services.update_agreement(request.user, agreement, **form.service_kwargs())
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(saved)
    title = agreement.title_in(_language()) if agreement else _("New agreement")
    back = agreement.get_absolute_url() if agreement else reverse("knowledge:timeline")
    status = 400 if request.method == "POST" else 200
    return render(request, "knowledge/form.html", {"form": form, "title": title, "back": back}, status=status)


@staff_only
def agreement_create(request: SignedInRequest) -> HttpResponse:
    return _form_page(request, AgreementForm(request.POST or None), None)


@staff_only
def agreement_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    agreement = queries.agreement_for(slug)
    return _form_page(request, AgreementForm(request.POST or None, instance=Agreement.objects.get(pk=agreement.pk)), agreement)


@require_POST
@staff_only
def tag(request: SignedInRequest, slug: str) -> HttpResponse:
    agreement = queries.agreement_for(slug)
    form = TagForm(request.POST)
    if form.is_valid():
        with service_errors(form) as call:
            services.tag_item(request.user, agreement, form.cleaned_data["kind"], form.cleaned_data["reference"])
        if call.ok:
            messages.success(request, _("The item is tagged with this agreement."))
            return redirect(agreement)
    return _detail(request, agreement, tag_form=form, status=400)


@require_POST
@staff_only
def untag(request: SignedInRequest, slug: str, link_id: int) -> HttpResponse:
    agreement = queries.agreement_for(slug)
    services.untag_item(request.user, queries.link_for(request.user, agreement, link_id))
    messages.success(request, _("The tag is removed."))
    return redirect(agreement)
