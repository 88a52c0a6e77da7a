"""A signed-in person's own pages: onboarding, dashboard, settings, export, deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core import pagecache, registry
from kakehashi.core.forms import service_errors
from kakehashi.core.pagecache import member_cache
from kakehashi.core.permissions import approved_member, is_approved_member, signed_in
from kakehashi.notices import queries as notices

from .. import queries, services
from ..auth import SignedInRequest
from ..forms import ApiTokenForm, DeleteAccountForm, JoinRequestForm, NotificationPreferencesForm, OrganisationForm, ProfileForm
from ..models import User

DASHBOARD_NOTICES = 5


@signed_in
def onboarding(request: SignedInRequest) -> HttpResponse:
    """Where a new account goes: create or join an organisation, then wait for approval."""
    if is_approved_member(request.user) and queries.my_memberships(request.user).exists():
        return redirect("accounts:dashboard")
    return render(request, "accounts/onboarding.html", {"memberships": queries.my_memberships(request.user)})


@signed_in
def organisation_create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            org = services.create_organisation(request.user, **form.service_kwargs())
        if call.ok:
            messages.success(request, _("Thank you. %(name)s is registered and waits for approval.") % {"name": org.name})
            return redirect("accounts:onboarding")
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@signed_in
def organisation_join(request: SignedInRequest) -> HttpResponse:
    form = JoinRequestForm(request.POST or None, initial={"organisation": request.GET.get("organisation")})
    if request.method == "POST" and form.is_valid():
        with service_errors(form, field="organisation") as call:
            services.request_to_join(request.user, form.cleaned_data["organisation"], message=form.cleaned_data["message"])
        if call.ok:
            messages.success(request, _("Your request was sent to the organisation's administrators."))
            return redirect("accounts:onboarding")
    return render(request, "accounts/join.html", {"form": form})


@approved_member
@member_cache
def dashboard(request: SignedInRequest) -> HttpResponse:
    """What needs the member now: unread notices, then each app's panel, then their organisations.

    Served from the member's page cache while nothing under it changes: the panels show
    content, the member's notices (in the cache key) and lists that only lose items as time
    passes (a session ends), each saying when it next does (`changes_at`); the current time
    is filled in for every response."""
    memberships = list(queries.my_memberships(request.user))
    unread = notices.notices_of(request.user, unread_only=True)
    panels = []
    for panel in registry.dashboard_panels():
        data = panel.data(request.user)
        if data is None:
            continue
        if data.get("changes_at") is not None:
            pagecache.expires_at(request, data["changes_at"])
        panels.append({"template": panel.template, "data": data})
    return render(request, "accounts/dashboard.html", {
        "memberships": memberships, "panels": panels,
        "unread": list(unread[:DASHBOARD_NOTICES]), "unread_count": unread.count(),
    })


def _settings_page(request: SignedInRequest, **forms_and_extras) -> HttpResponse:
    user = request.user
    context = {
        # The forms edit a copy: validating a ModelForm writes onto its instance, and the
        # service must see the stored values to know what changed.
        "profile": ProfileForm(instance=User.objects.get(pk=user.pk), prefix="profile"),
        "prefs": NotificationPreferencesForm(instance=User.objects.get(pk=user.pk), prefix="prefs"),
        "token_form": ApiTokenForm(prefix="token"),
        "tokens": queries.api_tokens_of(user),
        **forms_and_extras,
    }
    return render(request, "accounts/settings.html", context)


@signed_in
def settings_view(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        return _settings_page(request)
    user = request.user
    # One HTML form carries both parts ("form" = profile and prefs), so a change in either is
    # saved whichever Save is pressed; a client posting one part ("form" = prefs) saves that part.
    parts = set(request.POST.getlist("form")) & {"profile", "prefs"} or {"profile"}
    forms: dict[str, NotificationPreferencesForm | ProfileForm] = {}
    if "profile" in parts:
        forms["profile"] = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk), prefix="profile")
    if "prefs" in parts:
        forms["prefs"] = NotificationPreferencesForm(request.POST, instance=User.objects.get(pk=user.pk), prefix="prefs")
    if not all(form.is_valid() for form in list(forms.values())):
        return _settings_page(request, **forms)
    fields = {key: value for form in forms.values() for key, value in form.cleaned_data.items()}
    user = services.update_profile(user, **fields)
    with translation.override(user.language or None):  # "Saved." in the language just chosen
        messages.success(request, _("Saved."))
    return redirect("accounts:settings")


@require_POST
@signed_in
def api_token_create(request: SignedInRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST, prefix="token")
    if not form.is_valid():
        return _settings_page(request, token_form=form)
    _token, secret = services.create_api_token(request.user, name=form.cleaned_data["name"])
    # Rendered, not redirected: the secret is shown this once and never stored in clear.
    return _settings_page(request, new_token=secret)


@require_POST
@signed_in
def api_token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(request.user, queries.own_api_token(request.user, token_id))
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:settings")


@signed_in
def export(request: SignedInRequest) -> HttpResponse:
    data = queries.export_member_data(request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kakehashi-{timezone.now():%Y%m%d}.json"'
    return response


@signed_in
def delete_account(request: SignedInRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            services.delete_account(request.user)
        if call.ok:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("accounts:home")
    return render(request, "accounts/delete_account.html", {"form": form})


@require_POST
@signed_in
def leave_organisation(request: SignedInRequest, membership_id: int) -> HttpResponse:
    membership = queries.my_memberships(request.user).filter(pk=membership_id).first()
    if membership is None:
        return redirect("accounts:dashboard")
    with service_errors(request) as call:
        services.remove_member(request.user, membership)
    if call.ok:
        messages.success(request, _("You left %(name)s.") % {"name": membership.organisation.name})
    return redirect("accounts:onboarding")
