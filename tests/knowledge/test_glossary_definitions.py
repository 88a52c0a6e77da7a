"""Every seeded glossary term is defined in English, Japanese and Hindi, and the glossary page
shows the definition in the reader's language."""

import pytest
from django.utils import translation

from kakehashi.knowledge.facts import TERMS, load_terms
from kakehashi.knowledge.models import Term

pytestmark = pytest.mark.django_db


def test_every_seeded_term_has_a_definition_in_three_languages():
    seeded = Term.objects.filter(en__in=[t[0] for t in TERMS])

    assert seeded.count() == len(TERMS) == 15
    assert [t.en for t in seeded if not (t.definition_en and t.definition_ja and t.definition_hi)] == []


def test_definitions_are_written_in_their_language():
    def has(text, start, end):
        return any(start <= ord(c) <= end for c in text)

    assert [en for en, _ja, _hi, _d, ja, hi in TERMS if not (has(ja, 0x3040, 0x9FFF) and has(hi, 0x0900, 0x097F))] == []


def test_loading_fills_a_missing_definition_and_keeps_a_staff_edit():
    Term.objects.filter(en="Joint venture").update(definition_ja="", definition_hi="スタッフの定義")

    load_terms(Term)

    jv = Term.objects.get(en="Joint venture")
    assert (jv.definition_ja, jv.definition_hi) == ("二つ以上のパートナーが共同で所有し運営する会社。", "スタッフの定義")


@pytest.mark.parametrize(("language", "definition"), [
    ("en", "A company owned and run together by two or more partners."),
    ("ja", "二つ以上のパートナーが共同で所有し運営する会社。"),
    ("hi", "दो या अधिक साझेदारों के स्वामित्व और संचालन वाली कंपनी।"),
])
def test_the_glossary_page_defines_terms_in_the_readers_language(client, language, definition):
    with translation.override(language):  # the request activates it; restored after
        html = client.get("/knowledge/glossary/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f"<td>{definition}</td>" in html
