"""Organisation owners and admins: edit the organisation, answer join requests, set roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.forms import service_errors
from kakehashi.core.permissions import signed_in

from .. import queries, services
from ..auth import SignedInRequest
from ..forms import OrganisationForm, RoleForm


@signed_in
def organisation_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    org = queries.organisation_managed_by(request.user, slug)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(request.user, org, **form.service_kwargs())
        messages.success(request, _("Saved."))
        return redirect(org.get_absolute_url())
    return render(request, "accounts/organisation_form.html", {"form": form, "org": org, "creating": False})


@signed_in
def organisation_members(request: SignedInRequest, slug: str) -> HttpResponse:
    org = queries.organisation_managed_by(request.user, slug)
    return render(
        request,
        "accounts/members.html",
        {"org": org, "memberships": queries.memberships_of(org), "role_form": RoleForm()},
    )


def _act(request: SignedInRequest, membership_id: int, action) -> HttpResponse:
    membership = queries.membership_managed_by(request.user, membership_id)
    try:
        with service_errors(request) as call:
            action(membership)
    except PermissionDenied:
        messages.error(request, _("Only an owner may do that."))
    else:
        if call.ok:
            messages.success(request, _("Saved."))
    return redirect("accounts:members", slug=membership.organisation.slug)


@require_POST
@signed_in
def membership_decide(request: SignedInRequest, membership_id: int) -> HttpResponse:
    accept = request.POST.get("decision") == "accept"
    return _act(request, membership_id, lambda m: services.decide_join_request(request.user, m, accept=accept))


@require_POST
@signed_in
def membership_role(request: SignedInRequest, membership_id: int) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        membership = queries.membership_managed_by(request.user, membership_id)
        messages.error(request, _("Unknown role."))
        return redirect("accounts:members", slug=membership.organisation.slug)
    return _act(request, membership_id, lambda m: services.change_role(request.user, m, role=form.cleaned_data["role"]))


@require_POST
@signed_in
def membership_remove(request: SignedInRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, lambda m: services.remove_member(request.user, m))
