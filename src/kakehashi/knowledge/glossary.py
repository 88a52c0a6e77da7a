"""The glossary: staff write terms (no term twice, in any language); anyone reads them,
exports them for translators (CSV, TSV) and sees them explained where they appear in text
(`annotate`: each known term wrapped in <abbr title>, everything else escaped)."""

from __future__ import annotations

import csv
import functools
import io
import re
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kakehashi.accounts.people import Viewer
from kakehashi.core import audit

from .models import Term

if TYPE_CHECKING:
    from collections.abc import Iterable

FIELDS = ("en", "ja", "hi", "definition_en", "definition_ja", "definition_hi")
CACHE_KEY = "knowledge:glossary:v1"
EXPORT_COLUMNS = ["en", "ja", "hi", "definition_en", "definition_ja", "definition_hi"]


def terms() -> list[Term]:
    return list(Term.objects.all())


def term_for(term_id: int) -> Term:
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise Http404
    return term


def _require_staff(user: Viewer) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        raise PermissionDenied


def _refuse_duplicates(term: Term) -> None:
    errors = {}
    for code in ("en", "ja", "hi"):
        value = getattr(term, code)
        if not value:
            continue
        clash = Term.objects.exclude(pk=term.pk).filter(Q(en__iexact=value) | Q(ja__iexact=value) | Q(hi__iexact=value)).first()
        if clash is not None:
            errors[code] = _("“%(term)s” is already in the glossary (entry “%(entry)s”).") % {"term": value, "entry": clash.en}
    if errors:
        raise ValidationError(errors)


def _save(staff: Viewer, term: Term, fields: dict[str, Any], action: str) -> Term:
    _require_staff(staff)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(term, name, value.strip() if isinstance(value, str) else value)
    term.full_clean(validate_constraints=False)
    _refuse_duplicates(term)
    try:
        with transaction.atomic():
            term.save()
            audit.record(staff, action, term)
    except IntegrityError:  # the same English term written at the same moment
        raise ValidationError({"en": _("“%(term)s” is already in the glossary (entry “%(entry)s”).") % {"term": term.en, "entry": term.en}}) from None
    cache.delete(CACHE_KEY)
    return term


def create_term(staff: Viewer, **fields: Any) -> Term:
    return _save(staff, Term(), fields, "knowledge.term_created")


def update_term(staff: Viewer, term: Term, **fields: Any) -> Term:
    return _save(staff, term, fields, "knowledge.term_updated")


def export(rows: Iterable[Term], *, delimiter: str) -> str:
    """The glossary as CSV or TSV (UTF-8, a header row), for translators' tools. In TSV, tabs
    and line breaks inside a cell become spaces."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE, escapechar=None if delimiter == "," else "\\")
    writer.writerow(EXPORT_COLUMNS)
    for term in rows:
        cells = [getattr(term, c) for c in EXPORT_COLUMNS]
        if delimiter == "\t":
            cells = [re.sub(r"[\t\r\n]+", " ", c).replace("\\", "/") for c in cells]
        writer.writerow(cells)
    return out.getvalue()


def _index() -> list[dict[str, Any]]:
    index = cache.get(CACHE_KEY)
    if index is None:
        index = [
            {"names": " / ".join(n for n in (t.en, t.ja, t.hi) if n), "en": t.definition_en, "ja": t.definition_ja,
             "hi": t.definition_hi, "forms": [f for f in (t.en, t.ja, t.hi) if f]}
            for t in Term.objects.all()
        ]
        cache.set(CACHE_KEY, index, 3600)
    return index


def _pattern(form: str) -> str:
    body = re.escape(form)
    start = r"(?<!\w)" if form[:1].isascii() and form[:1].isalnum() else ""
    end = r"(?!\w)" if form[-1:].isascii() and form[-1:].isalnum() else ""
    return start + body + end


@functools.lru_cache(maxsize=8)
def _matcher(forms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every term form, longest first; built once per set of terms (a post
    body is annotated text node by text node)."""
    return re.compile("|".join(_pattern(f) for f in forms), re.IGNORECASE)


def annotate(text: str, language: str) -> SafeString:
    """`text` escaped, each glossary term in it (any language; English ignoring case, whole
    words) wrapped in <abbr class="term" title="the term in all three languages: definition">."""
    index = _index()
    by_form: dict[str, dict[str, Any]] = {}
    for entry in index:
        for form in entry["forms"]:
            by_form[form.casefold()] = entry
    if not text or not by_form:
        return escape(text or "")
    pattern = _matcher(tuple(sorted(by_form, key=len, reverse=True)))
    code = language[:2] if language[:2] in ("en", "ja", "hi") else "en"
    parts, last = [], 0
    for match in pattern.finditer(text):
        found = by_form.get(match.group(0).casefold())
        if found is None:
            continue
        definition = found[code] or found["en"]
        title = f"{found['names']}: {definition}" if definition else found["names"]
        parts.append(escape(text[last:match.start()]))
        parts.append(format_html('<abbr class="term" title="{}">{}</abbr>', title, match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece is escaped above
