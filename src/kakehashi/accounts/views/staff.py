"""Staff of the running body: the approval queue."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import staff_only

from .. import queries, services
from ..auth import SignedInRequest
from ..forms import ReasonForm


@staff_only
def approvals(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "accounts/staff_approvals.html",
        {
            "members": queries.pending_members(),
            "organisations": queries.pending_organisations(),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@staff_only
def decide_member(request: SignedInRequest, member_id: int) -> HttpResponse:
    member = queries.member_for_staff(request.user, member_id)
    if request.POST.get("decision") == "approve":
        services.approve_member(request.user, member)
        messages.success(request, _("%(name)s is now a member.") % {"name": member})
    else:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason when you decline."))
            return redirect("accounts:staff_approvals")
        services.decline_member(request.user, member, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s was declined.") % {"name": member})
    return redirect("accounts:staff_approvals")


@require_POST
@staff_only
def decide_organisation(request: SignedInRequest, organisation_id: int) -> HttpResponse:
    org = queries.organisation_for_staff(request.user, organisation_id)
    if request.POST.get("decision") == "approve":
        services.approve_organisation(request.user, org)
        messages.success(request, _("%(name)s is approved.") % {"name": org.name})
    else:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason when you decline."))
            return redirect("accounts:staff_approvals")
        services.decline_organisation(request.user, org, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s was declined.") % {"name": org.name})
    return redirect("accounts:staff_approvals")
