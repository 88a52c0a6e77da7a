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


class World(dict):
    def __getattr__(self, name):
        return self[name]


@pytest.fixture
def world(db):
    """Tokai Seiki (Japan) asks in Japanese for Indian suppliers; Sundaram (India) reads in
    Hindi; a third organisation, an unapproved account and staff look on."""
    from django.utils import translation

    from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, StaffFactory, UserFactory

    tokai = OrganisationFactory(name="Tokai Seiki", slug="tokai-seiki", country="JP", region_code="JP-23", city="Nagoya")
    sundaram = OrganisationFactory(name="Sundaram Precision", slug="sundaram")
    third = OrganisationFactory(name="Third Party Ltd", slug="third-party")
    owner = MembershipFactory(organisation=tokai, role="owner",
                              user=UserFactory(email="haruka@tokai.example.jp", display_name="Sato Haruka", language="ja")).user
    reader = MembershipFactory(organisation=sundaram, role="owner",
                               user=UserFactory(email="asha@sundaram.example.in", display_name="Asha Rao", language="hi")).user
    outsider = MembershipFactory(organisation=third, user=UserFactory(email="x@third.example.org", language="hi")).user
    unapproved = UserFactory(email="waiting@example.org", approval_status="pending", language="hi")
    staff = StaffFactory(email="desk@kakehashi.example.org", display_name="Desk", language="en")
    request = OpportunityFactory(
        organisation=tokai, created_by=owner, kind="sourcing_request", language="ja",
        title="インドの精密部品サプライヤーを探しています",
        summary="EV 向けモーター部品の量産パートナー",
        details="IATF 16949 認証が必要です。\n\n月産 5 万個。",
        target_countries=["IN"],
    )
    with translation.override("en"):
        yield World(tokai=tokai, sundaram=sundaram, owner=owner, reader=reader, outsider=outsider,
                    unapproved=unapproved, staff=staff, request=request)
