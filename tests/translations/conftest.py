import pytest

from kakehashi.translations import providers

from .servers import DeepLServer, LibreTranslateServer


@pytest.fixture
def libretranslate(settings):
    server = LibreTranslateServer()
    settings.TRANSLATION_PROVIDER = "libretranslate"
    settings.TRANSLATION_URL = server.url
    settings.TRANSLATION_BACKOFF_SECONDS = 0
    settings.TRANSLATION_TIMEOUT_SECONDS = 2
    providers._build.cache_clear()
    yield server
    server.stop()
    providers._build.cache_clear()


@pytest.fixture
def deepl(settings):
    server = DeepLServer()
    server.api_key = "test-key-123"
    settings.TRANSLATION_PROVIDER = "deepl"
    settings.TRANSLATION_URL = server.url
    settings.TRANSLATION_API_KEY = server.api_key
    settings.TRANSLATION_BACKOFF_SECONDS = 0
    settings.TRANSLATION_TIMEOUT_SECONDS = 2
    providers._build.cache_clear()
    yield server
    server.stop()
    providers._build.cache_clear()


@pytest.fixture(autouse=True)
def _no_provider_by_default(settings):
    settings.TRANSLATION_PROVIDER = ""
    settings.TRANSLATION_URL = ""
    providers._build.cache_clear()
