"""The passages that matched, on a match card: the other side's words in the reader's language."""

import pytest
from django.test import TestCase
from django.urls import reverse

from kakehashi.opportunities.models import Match
from kakehashi.translations.models import MachineTranslation

from ..opportunities.matches.helpers import published
from .helpers import client_for, page
from .servers import fake_translate

THEIRS = "IATF 16949 認証が必要です。"
MINE = "IATF 16949 certified machining."


@pytest.fixture
def matched(world):
    """Sundaram (Hindi reader) offers machining; its match is Tokai's Japanese request."""
    offer = published(world.sundaram, "manufacturing_offer", "CNC machining for EV motors", MINE)
    Match.objects.filter(opportunity=offer).delete()
    match = Match.objects.create(opportunity=offer, other=world.request, score=0.8, signals={
        "semantic": 0.8, "sectors": {"shared": ["29"], "adjacent": []}, "kinds": [offer.kind, world.request.kind],
        "country": {"mine": "IN", "theirs": "JP", "other_country": True, "in_my_targets": True},
        "stage": {}, "languages": ["en", "ja"], "cross_language": True,
        "passages": [{"mine": MINE, "theirs": THEIRS, "similarity": 0.7}],
    })
    world["offer"], world["match"] = offer, match
    return world


def offer_page(world) -> str:
    return reverse("opportunities:detail", args=[world.offer.reference])


def translate_passages(user, world):
    url = reverse("translations:translate", args=["match", world.match.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(user).post(url, {"lang": "hi", "next": offer_page(world)})


def test_the_matched_passages_offer_a_translation_into_the_readers_language(matched, libretranslate):
    html = page(matched.reader, offer_page(matched))
    assert f'<q lang="ja">{THEIRS}</q>' in html
    assert reverse("translations:translate", args=["match", matched.match.pk]) in html


def test_translated_passages_show_in_the_readers_language_marked_with_the_original_one_click_away(matched, libretranslate):
    response = translate_passages(matched.reader, matched)
    assert response.status_code == 302
    html = page(matched.reader, offer_page(matched))
    assert f'<q lang="hi">{fake_translate(THEIRS, "hi")}</q>' in html
    assert f'<q lang="en">{MINE}</q>' in html  # the reader's own side is left as written
    assert 'class="show-original"' in html
    assert f'<q lang="ja">{THEIRS}</q>' in page(matched.reader, offer_page(matched) + "?original=1")
    assert MachineTranslation.objects.get(text=THEIRS, target_language="hi").state == "done"


def test_only_those_who_see_the_matches_may_translate_their_passages(matched, libretranslate):
    for user in (None, matched.owner, matched.outsider, matched.unapproved):
        response = translate_passages(user, matched)
        assert response.status_code in (302, 404) and not MachineTranslation.objects.exists(), user
        if user is not None and user.is_approved:
            assert response.status_code == 404
    assert translate_passages(matched.staff, matched).status_code == 302


def test_passages_of_an_opportunity_that_is_no_longer_visible_cannot_be_translated(matched, libretranslate):
    matched.request.status = "closed"
    matched.request.save(update_fields=["status"])
    assert translate_passages(matched.reader, matched).status_code == 404
    assert not MachineTranslation.objects.exists()
