"""The notification centre: a signed-in person's notices from every app, read and marked read."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import signed_in
from kakehashi.notices import queries as notices
from kakehashi.notices import services as notice_services

from ..auth import SignedInRequest

PAGE_SIZE = 30


@signed_in
def notifications(request: SignedInRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = notices.notices_of(request.user, unread_only=unread_only).select_related("actor")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page, "unread_only": unread_only})


@signed_in
def notification_open(request: SignedInRequest, notice_id: int) -> HttpResponse:
    """Follow a notice to its place; it is read from then on."""
    notice = notices.notice_for(request.user, notice_id)
    notice_services.mark_read(request.user, [notice.pk])
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect("accounts:notifications")
    return redirect(notice.url)


@require_POST
@signed_in
def notifications_read(request: SignedInRequest) -> HttpResponse:
    """Mark one notice read (`notice` = its id; 404 when it is not the member's), or all."""
    raw = request.POST.get("notice")
    if raw:
        notice = notices.notice_for(request.user, int(raw) if raw.isdigit() else 0)
        notice_services.mark_read(request.user, [notice.pk])
    else:
        notice_services.mark_read(request.user)
    return redirect("accounts:notifications")
