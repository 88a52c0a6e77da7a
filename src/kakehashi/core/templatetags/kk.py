"""Template helpers loaded everywhere (settings TEMPLATES builtins)."""

import datetime as dt
import secrets

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import fragments, pagecache, registry
from ..dates import format_day, format_day_time
from ..markdown import annotate_html
from ..timezones import dual_times

register = template.Library()


def _fmt(value: dt.datetime) -> str:
    return format_day_time(value)


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """`{{ date|day }}`: the date with its weekday as the active language writes it
    (a datetime is taken in the active time zone first)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_day(value.date())
    return format_day(value)


@register.filter
def day_time(value: dt.datetime | None) -> str:
    """`{{ instant|day_time }}`: date with weekday and 24-hour time, in the active time zone."""
    if value is None or value == "":
        return ""
    return format_day_time(timezone.localtime(value) if timezone.is_aware(value) else value)


@register.simple_tag(takes_context=True)
def dual_time(context: template.Context, instant: dt.datetime | None) -> str:
    """`{% dual_time instant %}`: the viewer's zone, then IST and JST, each in a <time> element.

    The viewer's zone is the member's saved zone (activated by middleware) or, for a
    visitor, only IST and JST are shown.
    """
    return _dual_time_html(getattr(context.get("request"), "user", None), instant)


def _dual_time_html(user: object, instant: dt.datetime | None) -> str:
    if instant is None:
        return ""
    viewer_zone = user.timezone if user is not None and user.is_authenticated else None  # type: ignore[attr-defined]
    parts = dual_times(instant, viewer_zone)
    iso = instant.astimezone(dt.UTC).isoformat()
    return format_html(
        '<span class="dual-time">{}</span>',
        format_html_join(
            " · ",
            '<time datetime="{}" title="{}">{} <abbr>{}</abbr></time>',
            ((iso, zone_label, _fmt(local), zone_label) for zone_label, local in parts),
        ),
    )


_NOW_KEPT = 256
_now_shown: dict[tuple[dt.datetime, str | None, str | None], str] = {}


def now_html(request: HttpRequest | None) -> str:
    """The current time as `dual_time` shows it to the viewer of `request`, to the second
    (it shows minutes). Formatted once per second, viewer's zone and language: it is filled
    into every cached dashboard."""
    user = getattr(request, "user", None)
    zone = user.timezone if user is not None and user.is_authenticated else None
    key = (timezone.now().replace(microsecond=0), zone, get_language())
    shown = _now_shown.get(key)
    if shown is None:
        shown = _dual_time_html(user, key[0])
        if len(_now_shown) >= _NOW_KEPT:
            _now_shown.clear()
        _now_shown[key] = shown
    return shown


@register.simple_tag(takes_context=True)
def dual_time_now(context: template.Context) -> str:
    """`{% dual_time_now %}`: the current time as `dual_time` shows it, fresh in every response,
    also in a page served from the page cache (a per-response mark, core/pagecache.py)."""
    request = context.get("request")
    mark = pagecache.live_mark(request, "kakehashi.core.templatetags.kk.now_html")
    return mark_safe(mark) if mark else now_html(request)


@register.simple_tag
def now_utc() -> dt.datetime:
    return timezone.now()


@register.simple_tag
def field_widget(field) -> str:
    """Render a bound field's widget with its errors and help tied to it (aria-describedby)."""
    described = []
    attrs = {}
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def lang_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


@register.simple_tag(takes_context=True)
def item_asides(context: template.Context, kind: str, item: object) -> str:
    """`{% item_asides "session" session %}`: the boxes other apps registered for an item's page
    (core.registry.item_aside), each rendered with `aside` = its context for this viewer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = []
    for aside in registry.item_asides():
        data = aside.data(kind, item, user)
        if data is not None:
            parts.append(render_to_string(aside.template, {"aside": data, "kind": kind, "item": item}, request=request))
    return mark_safe("".join(parts))  # each part is a rendered, autoescaped template


@register.filter
def annotated(text: str) -> str:
    """`{{ text|annotated }}`: plain text, escaped, with what the registered text annotator
    adds (core.registry.text_annotator; knowledge: glossary terms explained in <abbr>)."""
    annotate = registry.annotator()
    if annotate is None:
        return escape(text or "")
    return annotate(str(text or ""), get_language() or "en")


@register.filter
def annotated_html(html: str) -> str:
    """`{{ body_html|annotated_html }}`: sanitised HTML (core.markdown) with the registered text
    annotator applied to its text nodes outside links, code and <abbr>, sanitised again."""
    annotate = registry.annotator()
    if annotate is None:
        return mark_safe(html or "")  # already sanitised by render_markdown
    language = get_language() or "en"
    return mark_safe(annotate_html(str(html or ""), lambda text: annotate(text, language)))  # re-sanitised by nh3


class MemberFragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression, parts: list) -> None:
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        return fragments.cached(
            request, str(self.name.resolve(context)), [part.resolve(context) for part in self.parts],
            lambda: self.nodelist.render(context), lambda: str(context.get("csrf_token") or ""),
        )


@register.tag
def member_fragment(parser: template.base.Parser, token: template.base.Token) -> MemberFragmentNode:
    """`{% member_fragment "name" part… %}…{% endmember_fragment %}`: a section of a signed-in
    page cached per member, language, path and content version (core/fragments.py: only for
    what content tables hold). The parts name the objects it shows (e.g. their `updated_at`)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("member_fragment needs a name")
    nodelist = parser.parse(("endmember_fragment",))
    parser.delete_first_token()
    return MemberFragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])


# The site header (templates/_site_header.html) as rendered per process: (language, signed
# in, approved, staff, unread notices) → HTML with two marks, filled in per response.
_HEADERS: dict[tuple, str] = {}
_HEADERS_KEPT = 256
_CSRF_MARK = "kkheadercsrf" + secrets.token_hex(16)  # drawn per process: no text can name them
_NEXT_MARK = "kkheadernext" + secrets.token_hex(16)


class _Viewer:
    """What the header reads of the viewer, and nothing else."""

    def __init__(self, authenticated: bool, approved: bool, staff: bool) -> None:
        self.is_authenticated, self.is_approved, self.is_staff = authenticated, approved, staff


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> str:
    """The header of every page: rendered once per process for each language, kind of
    viewer and unread count (its 17 links and 20 translated words cost ≈ 3 ms a page), then
    with this response's CSRF token and path filled in. Rendered every time with DEBUG, so
    that an edited template shows at once."""
    request = context.get("request")
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    # A lazy count (notices' context processor): str() runs it, int() would not reach it.
    unread = int(str(context.get("unread_notifications") or 0)) if authenticated else 0
    viewer = _Viewer(authenticated, authenticated and bool(getattr(user, "is_approved", False)),
                     authenticated and bool(getattr(user, "is_staff", False)))
    key = (get_language(), viewer.is_authenticated, viewer.is_approved, viewer.is_staff, unread)
    html = None if settings.DEBUG else _HEADERS.get(key)
    if html is None:
        html = render_to_string("_site_header.html", {
            "user": viewer, "unread_notifications": unread, "SITE_NAME": settings.SITE_NAME, "LANG": key[0],
            "csrf_token": _CSRF_MARK, "next_path": _NEXT_MARK,
        })
        if len(_HEADERS) >= _HEADERS_KEPT:
            _HEADERS.clear()
        _HEADERS[key] = html
    path = request.get_full_path() if request is not None else ""
    token = str(context.get("csrf_token") or "")
    return mark_safe(html.replace(_CSRF_MARK, escape(token)).replace(_NEXT_MARK, escape(path)))
