"""The session and the signed-in user of every request (accounts/sessions.py): Django's
database sessions read by one statement, and the user remembered per process for the content
version, so that whatever changes the user elsewhere (a password, deactivation, a promotion)
holds from the next request on."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kakehashi.accounts import sessions
from kakehashi.accounts.models import User
from kakehashi.core import pagecache
from tests.api import session_client
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def user_reads(client: Client, path: str) -> tuple[int, int]:
    """The response's status and how many of its queries read the user table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, sum(f"FROM {User._meta.db_table}".lower() in q["sql"].lower().replace('"', "")
                                      for q in queries.captured_queries)


def test_a_saved_session_loads_with_its_data():
    store = sessions.SessionStore()
    store["answer"] = "samples on Monday"
    store.create()

    loaded = sessions.SessionStore(store.session_key)

    assert (loaded["answer"], loaded.session_key) == ("samples on Monday", store.session_key)


def test_a_session_read_again_gets_its_own_copy_of_the_data():
    store = sessions.SessionStore()
    store["cart"] = {"items": ["KK-A0000001"]}
    store.create()

    first = sessions.SessionStore(store.session_key)
    first["cart"]["items"].append("KK-A0000002")
    second = sessions.SessionStore(store.session_key)

    assert second["cart"] == {"items": ["KK-A0000001"]}


def test_a_session_changed_and_saved_loads_with_the_change():
    store = sessions.SessionStore()
    store["step"] = 1
    store.create()
    sessions.SessionStore(store.session_key).load()
    store["step"] = 2
    store.save()

    assert sessions.SessionStore(store.session_key)["step"] == 2


def test_a_session_text_that_fails_the_signature_check_is_refused_and_logged_every_time(caplog):
    store = sessions.SessionStore()
    store["user"] = "1"
    store.create()
    tampered = Session.objects.get(session_key=store.session_key).session_data.replace(":", ";", 1)
    Session.objects.filter(session_key=store.session_key).update(session_data=tampered)

    with caplog.at_level("WARNING", logger="django.security.SuspiciousSession"):
        loads = [dict(sessions.SessionStore(store.session_key).load()) for _ in range(2)]

    assert loads == [{}, {}]
    assert [r.getMessage() for r in caplog.records] == ["Session data corrupted"] * 2


def test_an_expired_session_loads_empty_and_starts_afresh():
    store = sessions.SessionStore()
    store["answer"] = "kept"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    loaded = sessions.SessionStore(store.session_key)

    assert (loaded.get("answer"), loaded.session_key) == (None, None)


def test_an_unknown_session_key_loads_empty():
    loaded = sessions.SessionStore("k" * 32)

    assert (loaded.get("answer"), loaded.session_key) == (None, None)


def test_a_members_next_request_does_not_read_the_user_again(member):
    client = session_client(member)

    first, second = user_reads(client, "/settings/"), user_reads(client, "/settings/")

    assert first[0] == second[0] == 200
    assert (first[1] >= 1, second[1]) == (True, first[1] - 1)  # the view's own reads of the user remain


def test_a_password_changed_elsewhere_signs_the_other_session_out_at_once(member):
    client = session_client(member)
    client.get("/settings/")

    changed = User.objects.get(pk=member.pk)
    changed.set_password("a new and long passphrase")
    changed.save()
    after = client.get("/settings/")

    assert (after.status_code, after.url.split("?")[0]) == (302, "/accounts/login/")


def test_a_member_deactivated_elsewhere_is_signed_out_at_once(member):
    client = session_client(member)
    client.get("/settings/")

    User.objects.filter(pk=member.pk).update(is_active=False)
    after = client.get("/settings/")

    assert after.status_code == 302


def test_a_member_made_staff_elsewhere_gets_staff_pages_at_once(member):
    client = session_client(member)
    before = client.get("/staff/approvals/")

    User.objects.filter(pk=member.pk).update(is_staff=True)
    after = client.get("/staff/approvals/")

    assert (before.status_code, after.status_code) == (403, 200)


def test_a_member_signed_out_elsewhere_is_not_served_the_remembered_user(member):
    client = session_client(member)
    client.get("/settings/")

    Session.objects.all().delete()  # e.g. "sign out everywhere"; sessions are no content
    after = client.get("/settings/")

    assert after.status_code == 302


def test_each_request_gets_its_own_copy_of_the_user():
    staff = StaffFactory(display_name="Keiko Sato")
    client = session_client(staff)
    middleware = sessions.AuthenticationMiddleware(lambda request: None)

    def request():
        made = RequestFactory().get("/")
        made.session = sessions.SessionStore(client.cookies["sessionid"].value)
        middleware.process_request(made)
        return made

    first = request()
    first.user.display_name = "changed in one request"
    second = request()

    assert (second.user.display_name, second.user.pk) == ("Keiko Sato", staff.pk)
    assert first.user is not second.user


def test_the_version_read_with_the_user_is_the_one_the_page_cache_uses(member):
    client = session_client(member)
    made = RequestFactory().get("/")
    made.session = sessions.SessionStore(client.cookies["sessionid"].value)
    sessions.AuthenticationMiddleware(lambda request: None).process_request(made)

    assert made.user.pk == member.pk
    assert made._kk_content_version == pagecache.current_version()
