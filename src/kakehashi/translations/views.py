"""Pages: the translate button, its status, the version form, the translation desk."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.forms import service_errors
from kakehashi.core.languages import CODES, NATIVE_NAMES
from kakehashi.core.permissions import approved_member, staff_only

from . import desk, providers, queries, services, translators
from .forms import VersionForm


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_POST
@approved_member
def translate(request: SignedInRequest, source: str, pk: int) -> HttpResponse:
    """The "Translate" button: queue the item's machine translation into the reader's language."""
    src, obj = queries.readable(request.user, source, pk)
    target = request.POST.get("lang") or queries.viewer_language(request)
    if target not in CODES:
        raise Http404
    state = "unavailable"
    with service_errors(request) as call:
        state = services.request_translation(request.user, source, pk, target)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"state": state if call.ok else "unavailable"}, status=202 if call.ok else 400)
    if state == "too_long":
        messages.info(request, _("This text is too long for machine translation."))
    elif state == "unsupported":
        messages.info(request, _("Machine translation is not available for this language."))
    return redirect(_next(request, src.url(obj)))


@require_GET
@approved_member
def status(request: SignedInRequest, source: str, pk: int) -> JsonResponse:
    """Whether the machine translation of an item is ready (the page's script asks, then reloads)."""
    _src, obj = queries.readable(request.user, source, pk)
    target = request.GET.get("lang") or queries.viewer_language(request)
    if target not in CODES:
        raise Http404
    state, _fields = queries.machine_state(source, obj, target)
    return JsonResponse({"state": state})


def field_labels() -> dict[str, str]:
    return {
        "title": _("Title"), "summary": _("Summary"), "details": _("Details"), "message": _("Message"),
        "body": _("Text"), "abstract": _("Abstract"), "description": _("Description"),
        "passage_1": _("Passage"), "passage_2": _("Passage"), "duties": _("Duties"),
    }


@approved_member
def version_edit(request: SignedInRequest, source: str, pk: int, language: str) -> HttpResponse:
    """Write or correct the version of an item in one language (its author, or the secretariat)."""
    src, obj = queries.readable(request.user, source, pk)
    origin = queries.may_write_version(request.user, src, obj)
    if origin is None or language not in CODES:
        raise Http404
    original_language, original = src.texts(obj)
    if language == original_language or language in src.authored_languages(obj):
        raise Http404
    existing = next((v for v in queries.versions_of(source, pk) if v.language == language), None)
    draft_state, draft = "", dict[str, str]()
    if existing is None and providers.configured():
        draft_state, draft = queries.machine_state(source, obj, language)
    initial = existing.fields if existing else draft
    form = VersionForm(request.POST or None, initial=initial, source=src, original=original, labels=field_labels())
    status_code = 200
    if request.method == "POST":
        if request.POST.get("action") == "delete" and existing is not None:
            with service_errors(request) as call:
                services.delete_version(request.user, source, pk, language)
            if call.ok:
                messages.success(request, _("The version was deleted."))
            return redirect(src.url(obj))
        if request.POST.get("action") == "draft":
            with service_errors(request) as call:
                services.request_translation(request.user, source, pk, language)
            return redirect(request.get_full_path())
        status_code = 400
        if form.is_valid():
            with service_errors(form) as call:
                services.save_version(request.user, source, pk, language, form.cleaned_data)
            if call.ok:
                messages.success(request, _("The version was published."))
                return redirect(_next(request, src.url(obj)))
    return render(
        request,
        "translations/version_form.html",
        {
            "source": src, "object": obj, "object_id": pk, "form": form, "existing": existing, "origin": origin,
            "language": language, "language_name": NATIVE_NAMES[language],
            "original_language": original_language, "original_language_name": NATIVE_NAMES.get(original_language, ""),
            "original": [(field_labels().get(name, name), original.get(name, ""), name) for name in src.fields],
            "draft_state": draft_state, "has_draft": bool(draft) and existing is None,
            "provider": providers.configured(), "url": src.url(obj), "next": _next(request, ""),
        },
        status=status_code,
    )


DESK_PAGE_SIZE = 25


@approved_member
def desk_view(request: SignedInRequest) -> HttpResponse:
    """The translation desk: published, visible items lacking a version in a language, in the
    desk's order (`desk.ORDER`: most readers of that language reached first), one page at a
    time. A page that is not a number shows the first page; one past the end, the last."""
    if not queries.is_translator(request.user):
        raise PermissionDenied
    language = str(request.GET.get("lang") or "ja")
    if language not in CODES:
        language = "ja"
    counts = desk.counts()
    paginator: Paginator[Any] = Paginator(desk.queue(language), DESK_PAGE_SIZE)
    paginator.count = counts[language]["waiting"]  # the tab's figure: no second count
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = desk.items(page.object_list)
    return render(
        request,
        "translations/desk.html",
        {
            "language": language, "languages": [(code, NATIVE_NAMES[code]) for code in CODES], "page": page,
            "counts": counts, "total": paginator.count, "provider": providers.configured(),
        },
    )


@staff_only
def translators_view(request: SignedInRequest) -> HttpResponse:
    """Staff make members translators (the desk, versions as the secretariat) and take it back;
    a refusal is shown as a message with a 400."""
    if request.method == "POST":
        user_id = str(request.POST.get("user") or "")
        with service_errors(request) as call:
            if request.POST.get("action") == "revoke":
                translators.revoke(request.user, int(user_id) if user_id.isdigit() and len(user_id) < 12 else 0)
                done = _("The permission was taken back.")
            else:
                user = translators.grant(request.user, str(request.POST.get("email") or "")[:254])
                done = _("%(name)s is now a translator.") % {"name": user.get_full_name()}
        if call.ok:
            messages.success(request, done)
            return redirect("translations:translators")
    return render(request, "translations/translators.html", {"translators": translators.translators()},
                  status=400 if request.method == "POST" else 200)
