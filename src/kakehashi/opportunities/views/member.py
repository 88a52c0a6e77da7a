"""An organisation's own opportunities: write, edit, submit, renew, close; the list of them.

Every page here is for approved members; an opportunity of another organisation answers 404
(`queries.opportunity_managed_by`)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.dates import format_day
from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import approved_member

from .. import dashboard, queries, services
from ..forms import CloseForm, OpportunityForm, RenewForm
from ..models import Opportunity
from .public import detail_context


def _form_page(request: SignedInRequest, form: OpportunityForm, save, saved: str, opportunity=None) -> HttpResponse:
    """The write/edit form: `save()` calls the service; "Save and submit" then submits.

    Saving and submitting is one transaction: when the opportunity is not complete enough to
    submit, nothing is saved and the form shows why, next to each field."""
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("then") == "submit"
        stage = "save"
        with service_errors(form) as call, transaction.atomic():
            saved_opportunity = save()
            if submitting:
                stage = "submit"
                services.submit(request.user, saved_opportunity)
        if call.ok:
            if submitting:
                messages.success(request, _("Submitted. Staff will review it and e-mail you."))
            else:
                messages.success(request, saved)
            return redirect("opportunities:detail", saved_opportunity.reference)
        if stage == "submit":
            form.add_error(None, _("Not submitted and not saved: complete the fields marked below, or save a draft."))
    context = {"form": form, "opportunity": opportunity}
    return render(request, "opportunities/form.html", context, status=400 if form.errors else 200)


@approved_member
def opportunity_create(request: SignedInRequest) -> HttpResponse:
    organisations = queries.publishing_organisations(request.user)
    if not organisations.exists():
        return render(request, "opportunities/no_organisation.html", status=403)
    form = OpportunityForm(request.POST or None, organisations=organisations)

    def save() -> Opportunity:
        return services.create_draft(request.user, form.cleaned_data["organisation"], **form.service_kwargs())

    return _form_page(request, form, save, _("Saved as a draft. Submit it for review when it is ready."))


@approved_member
def opportunity_edit(request: SignedInRequest, reference: str) -> HttpResponse:
    opportunity = queries.opportunity_managed_by(request.user, reference)
    if opportunity.status not in services.EDITABLE:
        messages.error(request, _("Expired and closed opportunities cannot be edited."))
        return redirect("opportunities:detail", opportunity.reference)
    # The form edits a copy: validating a ModelForm writes onto its instance.
    form = OpportunityForm(request.POST or None, instance=Opportunity.objects.get(pk=opportunity.pk))

    def save() -> Opportunity:
        return services.update(request.user, opportunity, **form.service_kwargs())

    return _form_page(request, form, save, _("Saved."), opportunity)


def _submit_and_redirect(request: SignedInRequest, opportunity: Opportunity) -> HttpResponse:
    with service_errors(request) as call:
        services.submit(request.user, opportunity)
    if not call.ok:
        messages.info(request, _("Saved as a draft."))
        return redirect("opportunities:edit", opportunity.reference)
    messages.success(request, _("Submitted. Staff will review it and e-mail you."))
    return redirect("opportunities:detail", opportunity.reference)


@require_POST
@approved_member
def opportunity_submit(request: SignedInRequest, reference: str) -> HttpResponse:
    return _submit_and_redirect(request, queries.opportunity_managed_by(request.user, reference))


def _owner_action(request: HttpRequest, reference: str, form_class, template: str, act) -> HttpResponse:
    """A one-form action of the owning organisation (renew, close): `act(opportunity, data)`
    calls the service and returns the success message; errors are shown on the form."""
    opportunity = queries.opportunity_managed_by(request.user, reference)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            message = act(opportunity, form.cleaned_data)
        if call.ok:
            messages.success(request, message)
            return redirect("opportunities:detail", opportunity.reference)
    name = "renew_form" if form_class is RenewForm else "close_form"
    context = detail_context(request, opportunity, **{name: form})
    return render(request, template, context, status=400 if form.errors else 200)


@approved_member
def opportunity_renew(request: SignedInRequest, reference: str) -> HttpResponse:
    def act(opportunity: Opportunity, data: dict) -> str:
        services.renew(request.user, opportunity, expires_on=data["expires_on"])
        return _("Renewed until %(date)s.") % {"date": format_day(data["expires_on"])}

    return _owner_action(request, reference, RenewForm, "opportunities/renew.html", act)


@approved_member
def opportunity_close(request: SignedInRequest, reference: str) -> HttpResponse:
    def act(opportunity: Opportunity, data: dict) -> str:
        services.close(request.user, opportunity, outcome=data["outcome"])
        return _("Closed. Thank you for telling us what came of it.")

    return _owner_action(request, reference, CloseForm, "opportunities/close.html", act)


@approved_member
def my_opportunities(request: SignedInRequest) -> HttpResponse:
    opportunities = dashboard.with_counts(queries.of_my_organisations(request.user))
    for opportunity in opportunities:
        opportunity.shown_organisation = opportunity.organisation
    return render(
        request,
        "opportunities/mine.html",
        {
            "opportunities": opportunities,
            "can_publish": queries.publishing_organisations(request.user).exists(),
        },
    )
