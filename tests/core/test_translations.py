"""Every UI string and e-mail exists in Japanese and Hindi, and the compiled catalogues are current."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_translations_keep_every_placeholder(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    broken = []
    for entry in po.translated_entries():
        # A plural form may read like the singular or like the plural (Japanese has only one
        # form, which must carry the count).
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = [sorted(PLACEHOLDER.findall(source)) for source in sources]
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        broken += [entry.msgid for t in translations if sorted(PLACEHOLDER.findall(t)) not in expected]

    assert broken == []


@pytest.mark.parametrize("language", ["ja", "hi"])
def test_compiled_catalogue_matches_its_source(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)

    def compiled_text(entry: polib.POEntry) -> str:
        return compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)

    stale = [e.msgid for e in po.translated_entries() if not e.msgid_plural and compiled_text(e) != e.msgstr]

    assert stale == [], "run `make messages`"


def test_hindi_covers_the_allauth_strings_allauth_itself_does_not_translate():
    with translation.override("hi"):
        assert translation.gettext("A user is already registered with this email address.") != (
            "A user is already registered with this email address."
        )


def test_catalogue_is_extracted_from_the_current_source(tmp_path):
    """Running `make messages` would add no new string: nothing in the code is untranslated."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: run `make system-deps`.")
    copy = tmp_path / "kakehashi"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "data"))
    (tmp_path / "extract_settings.py").write_text(
        f"from kakehashi.settings import *\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "KAKEHASHI_DATA_DIR": str(tmp_path / "var"), "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ja", "--no-obsolete", "--no-wrap",
         "--settings", "extract_settings"],
        cwd=copy, check=True, capture_output=True, env=env,
    )

    fresh = {e.msgid for e in polib.pofile(str(copy / "locale" / "ja" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in polib.pofile(str(LOCALE / "ja" / "LC_MESSAGES" / "django.po"))}
    assert sorted(fresh - committed) == [], "new strings: run `make messages` and translate them"
    assert sorted(committed - fresh) == [], "strings no longer used: run `make messages`"
