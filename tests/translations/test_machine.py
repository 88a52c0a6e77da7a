"""Machine translations: the Translate button, the task, the cache, and every way a provider fails."""

import pytest
from django.test import TestCase
from django.urls import reverse

from kakehashi.translations import services
from kakehashi.translations.models import MachineTranslation

from .helpers import client_for, page
from .servers import fake_translate
from .test_versions import HINDI, detail


def translate(user, world, source="opportunity", pk=None, lang="hi", **headers):
    url = reverse("translations:translate", args=[source, pk or world.request.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the translation task runs after commit
        return client_for(user).post(url, {"lang": lang, "next": detail(world)}, **headers)


def test_the_translate_button_shows_when_a_provider_is_configured(world, libretranslate):
    html = page(world.reader, detail(world))
    assert 'class="linkish translate-button"' in html
    assert not libretranslate.requests  # rendering the page never calls the provider


def test_translating_shows_the_machine_translation_marked_as_such(world, libretranslate):
    response = translate(world.reader, world)
    assert response.status_code == 302 and response["Location"] == detail(world)
    html = page(world.reader, detail(world))
    assert f'<h1 lang="hi">{fake_translate(world.request.title, "hi")}</h1>' in html
    assert fake_translate("IATF 16949 認証が必要です。", "hi") in html
    assert 'class="translation-note"' in html and 'class="show-original"' in html
    assert MachineTranslation.objects.filter(state="done", target_language="hi", provider="libretranslate").count() == 3


def test_translations_are_cached_by_text_and_languages(world, libretranslate):
    translate(world.reader, world)
    sent = len(libretranslate.translations)
    translate(world.outsider, world)
    page(world.outsider, detail(world))
    assert len(libretranslate.translations) == sent


def test_a_changed_text_no_longer_shows_the_old_translation(world, libretranslate):
    translate(world.reader, world)
    world.request.title = "新しいタイトル"
    world.request.save()
    html = page(world.reader, detail(world))
    assert '<h1 lang="ja">新しいタイトル</h1>' in html and 'translate-button' in html


def test_a_human_version_wins_over_the_machine(world, libretranslate):
    translate(world.reader, world)
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    html = page(world.reader, detail(world))
    assert f'<h1 lang="hi">{HINDI["title"]}</h1>' in html


def test_a_provider_answering_markup_renders_inert(world, libretranslate):
    libretranslate.answer = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    translate(world.reader, world)
    html = page(world.reader, detail(world))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_provider_that_is_down_leaves_the_original_and_says_so(world, libretranslate, settings):
    libretranslate.stop()
    response = translate(world.reader, world)
    assert response.status_code == 302
    html = page(world.reader, detail(world))
    assert '<h1 lang="ja">' in html and 'class="translation-failed"' in html
    assert set(MachineTranslation.objects.values_list("state", flat=True)) == {"failed"}


def test_a_failed_translation_can_be_asked_again(world, libretranslate, settings):
    settings.TRANSLATION_RETRIES = 0
    libretranslate.fail_next = [503, 503, 503]
    translate(world.reader, world)
    assert set(MachineTranslation.objects.values_list("state", flat=True)) == {"failed"}
    translate(world.reader, world)
    assert set(MachineTranslation.objects.values_list("state", flat=True)) == {"done"}


def test_a_slow_provider_times_out_and_the_page_still_answers(world, libretranslate, settings):
    settings.TRANSLATION_TIMEOUT_SECONDS = 0.2
    settings.TRANSLATION_RETRIES = 0
    from kakehashi.translations import providers
    providers._build.cache_clear()
    libretranslate.delay = 1.0
    translate(world.reader, world)
    assert MachineTranslation.objects.filter(state="failed", error__contains="did not answer").exists()
    assert 'class="translation-failed"' in page(world.reader, detail(world))


def test_a_language_the_provider_cannot_do_is_never_sent(world, libretranslate):
    libretranslate.languages = ["en", "ja"]
    translate(world.reader, world)  # into Hindi
    assert not libretranslate.translations
    assert set(MachineTranslation.objects.values_list("state", flat=True)) == {"unsupported"}
    html = page(world.reader, detail(world))
    assert 'class="translation-unsupported"' in html and "translate-button" not in html
    # once the provider's languages are known, nothing more is even queued
    MachineTranslation.objects.all().delete()
    translate(world.reader, world)
    assert not MachineTranslation.objects.exists()


def test_an_oversized_text_is_not_sent(world, libretranslate, settings):
    settings.TRANSLATION_MAX_TEXT_CHARS = 20
    translate(world.reader, world)
    assert not libretranslate.translations and not MachineTranslation.objects.exists()
    html = page(world.reader, detail(world))  # in the reader's Hindi
    assert '<span class="translation-unsupported">यह पाठ मशीनी अनुवाद के लिए बहुत लंबा है।</span>' in html


def test_the_task_is_safe_to_run_twice(world, libretranslate):
    world.reader.language = "hi"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_enqueue", lambda ids: None)  # keep the rows queued
        services.request_translation(world.reader, "opportunity", world.request.pk, "hi")
    row = MachineTranslation.objects.filter(text=world.request.title).get()
    assert services.run_translation(row.pk) == "done"
    assert services.run_translation(row.pk) == "skipped"
    assert len([r for r in libretranslate.translations if world.request.title in str(r["data"])]) == 1


def test_json_clients_get_202_and_then_the_state(world, libretranslate):
    response = translate(world.reader, world, HTTP_ACCEPT="application/json")
    assert response.status_code == 202 and response.json() == {"state": "pending"}  # queued; the task ran after commit
    status = client_for(world.reader).get(reverse("translations:status", args=["opportunity", world.request.pk]) + "?lang=hi")
    assert status.json() == {"state": "done"}


@pytest.mark.parametrize("actor", ["outsider", "unapproved", None])
def test_nobody_translates_what_they_may_not_read(world, libretranslate, actor):
    world.request.visibility = "members"
    world.request.status = "draft"
    world.request.save()
    user = world[actor] if actor else None
    response = translate(user, world)
    assert response.status_code in (302, 404)
    if actor == "outsider":
        assert response.status_code == 404
        status = client_for(user).get(reverse("translations:status", args=["opportunity", world.request.pk]))
        assert status.status_code == 404
    assert not MachineTranslation.objects.exists()


def test_an_unknown_source_is_a_404(world, libretranslate):
    assert translate(world.reader, world, source="nothing").status_code == 404
