"""Interests and introduction threads: each message readable in the reader's language."""

import pytest
from django.test import TestCase
from django.urls import reverse

from kakehashi.opportunities.interest import services as interest_services
from kakehashi.translations.models import MachineTranslation

from .helpers import client_for, page
from .servers import fake_translate

INTEREST = "जापान में आपके ग्राहकों के लिए हम सटीक पुर्जे बनाते हैं"
REPLY = "ご関心ありがとうございます 来週お話しできますか"


@pytest.fixture
def thread(world):
    with TestCase.captureOnCommitCallbacks(execute=True):
        interest = interest_services.express_interest(world.reader, world.request, message=INTEREST)
        introduction = interest_services.accept_interest(world.owner, interest)
        message = interest_services.post_message(world.owner, introduction, body=REPLY)
    return interest, introduction, message


def press(user, source, pk, lang, next_url):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(user).post(reverse("translations:translate", args=[source, pk]), {"lang": lang, "next": next_url})


def test_the_owner_reads_the_interest_translated_into_japanese(world, thread, libretranslate):
    interest, _introduction, _message = thread
    url = reverse("opportunities:interest_detail", args=[interest.pk])
    assert 'class="linkish translate-button"' in page(world.owner, url)
    assert press(world.owner, "interest", interest.pk, "ja", url).status_code == 302
    html = page(world.owner, url)
    assert f'<div class="interest-message" lang="ja"><p>{fake_translate(INTEREST, "ja")}</p></div>' in html
    assert f"<p>{INTEREST}</p>" in page(world.owner, url + "?original=1")


def test_each_side_reads_the_thread_in_its_own_language(world, thread, libretranslate):
    interest, introduction, message = thread
    url = reverse("opportunities:intro_thread", args=[introduction.pk])
    press(world.owner, "interest", interest.pk, "ja", url)
    press(world.reader, "intro_message", message.pk, "hi", url)
    owner_view, reader_view = page(world.owner, url), page(world.reader, url)
    assert fake_translate(INTEREST, "ja") in owner_view and REPLY in owner_view
    assert fake_translate(REPLY, "hi") in reader_view and f"<p>{INTEREST}</p>" in reader_view
    assert f"<p>{REPLY}</p>" in page(world.reader, url + "?original=1")


def test_a_message_in_the_readers_language_offers_no_translation(world, thread, libretranslate):
    _interest, introduction, message = thread
    html = page(world.owner, reverse("opportunities:intro_thread", args=[introduction.pk]))
    assert html.count("translate-button") == 1  # the Hindi interest only, not the Japanese reply


@pytest.mark.parametrize("source", ["interest", "intro_message"])
def test_outsiders_cannot_translate_or_read_a_thread_message(world, thread, libretranslate, source):
    interest, _introduction, message = thread
    pk = interest.pk if source == "interest" else message.pk
    assert press(world.outsider, source, pk, "hi", "/").status_code == 404
    status = client_for(world.outsider).get(reverse("translations:status", args=[source, pk]))
    assert status.status_code == 404
    assert not MachineTranslation.objects.exists()


def test_interests_and_messages_take_no_human_versions(world, thread):
    _interest, _introduction, message = thread
    url = reverse("translations:version", args=["intro_message", message.pk, "hi"])
    assert client_for(world.owner).get(url).status_code == 404
