"""The providers against real HTTP servers on loopback speaking LibreTranslate's and DeepL's APIs."""

import pytest

from kakehashi.translations import engine, providers

from .servers import LibreTranslateServer, fake_translate


def test_libretranslate_translates_a_batch_of_texts(libretranslate):
    provider = providers.current()
    assert provider.name == "libretranslate"
    assert provider.translate(["hello big world", "two words"], "en", "ja") == ["[ja] world big hello", "[ja] words two"]
    assert libretranslate.translations[0]["data"] == {"q": ["hello big world", "two words"], "source": "en", "target": "ja", "format": "text"}


def test_libretranslate_languages_are_read_from_the_server(libretranslate):
    libretranslate.languages = ["en", "ja"]
    assert providers.current().languages() == frozenset({"en", "ja"})
    assert providers.current().supports("en", "ja") and not providers.current().supports("en", "hi")


def test_deepl_sends_the_key_in_the_header_and_names_english_as_a_target_with_its_region(deepl):
    provider = providers.current()
    assert provider.name == "deepl"
    assert provider.languages() == frozenset({"en", "ja", "hi"})
    assert provider.translate(["こんにちは 世界"], "ja", "en") == ["[en] 世界 こんにちは"]
    request = deepl.translations[0]
    assert request["authorization"] == "DeepL-Auth-Key test-key-123"
    assert request["data"]["target_lang"] == "EN-GB" and request["data"]["source_lang"] == "JA"


def test_deepl_with_a_wrong_key_is_a_refusal_whose_message_does_not_carry_the_key(deepl, settings):
    settings.TRANSLATION_API_KEY = "wrong-secret-key"
    providers._build.cache_clear()
    with pytest.raises(providers.Rejected) as refusal:
        providers.current().translate(["hello"], "en", "ja")
    assert "wrong-secret-key" not in str(refusal.value) and "403" in str(refusal.value)


def test_a_provider_that_is_down_is_unavailable(settings):
    server = LibreTranslateServer()
    server.stop()  # nothing listens on the port any more
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL = "libretranslate", server.url
    providers._build.cache_clear()
    with pytest.raises(providers.Unavailable):
        providers.current().translate(["hello"], "en", "ja")


def test_a_slow_provider_times_out_as_unavailable(libretranslate, settings):
    settings.TRANSLATION_TIMEOUT_SECONDS = 0.2
    providers._build.cache_clear()
    libretranslate.delay = 1.0
    with pytest.raises(providers.Unavailable) as failure:
        providers.current().translate(["hello"], "en", "ja")
    assert "did not answer" in str(failure.value)


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_rate_limits_and_server_errors_are_retried_then_succeed(libretranslate, status):
    libretranslate.fail_next = [status, status]
    provider = providers.current()
    assert engine.translate_text(provider, "hello world", "en", "ja") == "[ja] world hello"
    assert len(libretranslate.translations) == 3


def test_retries_wait_longer_each_time(libretranslate, settings):
    settings.TRANSLATION_BACKOFF_SECONDS = 0.5
    settings.TRANSLATION_RETRIES = 3
    libretranslate.fail_next = [503, 503, 503]
    waits = []
    provider = providers.current()
    result = engine.with_retries(lambda: provider.translate(["a b"], "en", "ja"), sleep=waits.append)
    assert result == ["[ja] b a"] and waits == [0.5, 1.0, 2.0]


def test_a_provider_failing_past_the_retries_is_unavailable(libretranslate, settings):
    settings.TRANSLATION_RETRIES = 2
    libretranslate.fail_next = [503, 503, 503, 503]
    with pytest.raises(providers.Unavailable):
        engine.translate_text(providers.current(), "hello", "en", "ja")
    assert len(libretranslate.translations) == 3


def test_a_refusal_is_not_retried(libretranslate):
    libretranslate.fail_next = [400]
    with pytest.raises(providers.Rejected):
        engine.translate_text(providers.current(), "hello", "en", "ja")
    assert len(libretranslate.translations) == 1


def test_long_texts_are_split_between_paragraphs_within_the_size_limit(libretranslate, settings):
    settings.TRANSLATION_MAX_CHARS = 40
    libretranslate.max_chars = 40  # the server refuses anything longer
    paragraphs = ["first paragraph with some words", "second paragraph here", "third one", "fourth and last paragraph"]
    text = "\n\n".join(paragraphs)
    result = engine.translate_text(providers.current(), text, "en", "ja")
    assert result == "\n\n".join(fake_translate(p, "ja") for p in paragraphs)
    assert all(sum(len(t) for t in r["data"]["q"]) <= 40 for r in libretranslate.translations)
    assert len(libretranslate.translations) >= 2


def test_markdown_structure_and_line_breaks_come_back_as_written(libretranslate):
    text = "# Our offer\n\n- battery packs\n- cell testing\n\n> quoted line\n  indented line\n\n\n1. first step"
    result = engine.translate_text(providers.current(), text, "en", "ja")
    assert result == (
        "# [ja] offer Our\n\n- [ja] packs battery\n- [ja] testing cell\n\n> [ja] line quoted\n  [ja] line indented\n\n\n1. [ja] step first"
    )


def test_a_line_longer_than_the_limit_is_cut_after_a_sentence(libretranslate, settings):
    settings.TRANSLATION_MAX_CHARS = 30
    libretranslate.max_chars = 30
    text = "We make batteries. We test cells in Pune. 日本の市場を探しています。次に進みます。"
    result = engine.translate_text(providers.current(), text, "en", "ja")
    assert result == ("[ja] batteries. make We [ja] Pune. in cells test We "
                      "[ja] 日本の市場を探しています。次に進みます。")


def test_split_and_join_give_back_the_text_for_any_input():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.text(alphabet=st.sampled_from(list("ab .。\n-#> \t日")), max_size=200), st.integers(min_value=1, max_value=50))
    def check(text, limit):
        literals, units = engine.split(text, limit)
        assert engine.join(literals, units) == text
        assert all(0 < len(unit) <= limit for unit in units)

    check()
