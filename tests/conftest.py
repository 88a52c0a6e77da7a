import pytest

from . import corpora
from .factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory


def pytest_report_header(config):
    """Say at the top of the run when the corpus checks will be skipped (tests/corpora.py)."""
    if not corpora.EVAL.is_dir():
        if corpora.under_ci():
            return "../shared/eval not beside the checkout: CI fails the corpus checks"
        return corpora.skip_reason()
    return None


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    from kakehashi.accounts import sessions
    from kakehashi.community import viewcounts

    for alias in ("default", "pages", "fragments"):
        caches[alias].clear()
    # Each test's database is rolled back, content version included: a version number comes
    # back in the next test, with other users under the same ids.
    sessions.forget_users()
    yield
    for alias in ("default", "pages", "fragments"):
        caches[alias].clear()
    sessions.forget_users()
    viewcounts.forget()  # views served from the page cache and not yet written


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request with Accept-Language (or a user's language) leaves that language active in
    this thread after the response: each test ends by deactivating it, so none leaks into the next."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def member(db):
    """An approved member of an approved Indian organisation."""
    return MembershipFactory(organisation=OrganisationFactory(name="Sundaram Precision"), role="member").user


@pytest.fixture
def owner(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Owner Org"), role="owner").user


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.org", display_name="Staff")


@pytest.fixture
def unapproved(db):
    return UserFactory(email="waiting@example.org", approval_status="pending")


@pytest.fixture
def other_org_member(db):
    """An approved member of a different (Japanese) organisation."""
    return MembershipFactory(
        organisation=OrganisationFactory(name="Tokyo Other", country="JP", region_code="JP-13", city="Tokyo"),
        role="owner",
    ).user


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (browser, mail) empty every table when they end, the ISIC sectors
    the agreements timeline, glossary and SSW rules loaded by migration included: load them again for each such test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from kakehashi.core.models import Sector
        from kakehashi.core.sectors import load_isic

        request.getfixturevalue("transactional_db")
        if not Sector.objects.exists():
            load_isic(Sector)
        from kakehashi.knowledge.facts import load_agreements, load_terms
        from kakehashi.knowledge.models import Agreement, Term

        if not Agreement.objects.exists():
            load_agreements(Agreement)
        if not Term.objects.exists():
            load_terms(Term)
        from kakehashi.talent.models import Rule, SswField
        from kakehashi.talent.rules import load_rules

        if not SswField.objects.exists():
            load_rules(SswField, Rule)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback (aiosmtpd), started; Kakehashi sends to it."""
    from .mail.smtp import Sink, SMTPServer

    server = SMTPServer(Sink())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _matching_index_dir(settings, tmp_path):
    """Each test gets its own vector-index directory and no index opened by an earlier test."""
    from kakehashi.matching import engine, index, memo

    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index.drop_cached()
    memo.clear()
    engine._density_cache.clear()
    yield
    index.drop_cached()
