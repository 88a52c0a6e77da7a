"""`{% translation_bar shown %}` under a text; `{% versions_panel "source" obj %}` for its author and staff;
`{% shown_text "source" obj as shown %}` for a page whose app sits below translations (an organisation)."""

from __future__ import annotations

from typing import Any

from django import template

from kakehashi.core.languages import CODES, NATIVE_NAMES

from .. import providers, queries, sources

register = template.Library()


@register.inclusion_tag("translations/_bar.html", takes_context=True)
def translation_bar(context: Any, shown: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    path = request.get_full_path() if request is not None else ""
    anchor = f"#t-{shown.source}-{shown.object_id}"
    return {
        "original_url": _with(request, original="1") + anchor,
        "translated_url": _with(request, original=None) + anchor,
        "shown": shown,
        "next": path,
        "request": request,
        "member": bool(user is not None and user.is_authenticated and (user.is_staff or getattr(user, "is_approved", False))),
        "provider": providers.configured(),
    }


def _with(request: Any, **params: str | None) -> str:
    if request is None:
        return ""
    query = request.GET.copy()
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


@register.simple_tag(takes_context=True)
def shown_text(context: Any, source_name: str, obj: Any) -> Any:
    """The text of `obj` as the reader sees it (`queries.shown_one`); the page already checked
    that the viewer may read `obj`. None when no such source is registered."""
    if sources.find(source_name) is None:
        return None
    return queries.shown_one(context.get("request"), source_name, obj)


@register.inclusion_tag("translations/_versions.html", takes_context=True)
def versions_panel(context: Any, source_name: str, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    source = sources.get(source_name)
    # Authors and staff see the panel; translators who are not staff work from the desk
    # (checking their permission here would cost every reader's page a query).
    may = user is not None and user.is_authenticated and source.can_author is not None and (
        bool(user.is_staff) or source.can_author(user, obj))
    if not may:
        return {"show": False}
    language, _fields = source.texts(obj)
    versions = {v.language: v for v in queries.versions_of(source_name, obj.pk)}
    return {
        "show": True,
        "source": source_name,
        "object_id": obj.pk,
        "rows": [(code, NATIVE_NAMES[code], versions.get(code)) for code in CODES
                 if code != language and code not in source.authored_languages(obj)],
        "next": request.get_full_path() if request is not None else "",
    }


@register.inclusion_tag("translations/_desk_counts.html", takes_context=True)
def desk_counts(context: Any) -> dict[str, Any]:
    """Per language: versions published and items waiting (the programme view, staff)."""
    from .. import desk  # noqa: PLC0415  (only the staff programme page needs the desk's reads)

    counts = desk.counts()
    return {"rows": [(code, NATIVE_NAMES[code], counts[code]["versions"], counts[code]["waiting"]) for code in CODES]}
