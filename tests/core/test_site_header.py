"""The site header (`{% site_header %}`): rendered once per process for each language, kind
of viewer and unread count, with each response's own CSRF token and path filled in."""

import re

import pytest
from django.test import Client

from kakehashi.notices import services as notices
from tests.api import session_client
from tests.factories import MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="top">'):html.index("</header>")]


def test_the_language_form_comes_back_to_this_page_with_its_query_escaped():
    member = MembershipFactory().user
    client = session_client(member)
    client.get("/organisations/?country=JP")

    response = client.get('/organisations/?country=IN&q="><b>x')

    assert NEXT.findall(header(response)) == ["/organisations/?country=IN&amp;q=%22%3E%3Cb%3Ex"]


def test_each_response_carries_a_token_of_its_own_session():
    client = Client(enforce_csrf_checks=True)
    client.force_login(MembershipFactory().user)
    client.get("/organisations/")

    page = client.get("/organisations/")
    token = TOKEN.search(header(page)).group(1)
    changed = client.post("/i18n/setlang/", {"language": "ja", "next": "/organisations/", "csrfmiddlewaretoken": token})

    assert changed.status_code == 302
    other = Client()
    other.force_login(UserFactory())
    assert TOKEN.search(header(other.get("/organisations/"))).group(1) != token


def test_a_new_notice_shows_in_the_badge_at_once():
    member = MembershipFactory().user
    client = session_client(member)
    before = header(client.get("/organisations/"))

    notices.notify([member], "thread_message", key="message:1", url="/x/", actor_name="Sato", title="Parts")
    after = header(client.get("/organisations/"))

    assert 'class="badge"' not in before
    assert '<span class="badge">1</span>' in after


def test_each_kind_of_viewer_gets_its_own_header():
    visitor = header(Client().get("/organisations/"))
    member = header(session_client(MembershipFactory().user).get("/organisations/"))
    staff = header(session_client(StaffFactory()).get("/organisations/"))
    again = header(Client().get("/organisations/"))

    assert "/accounts/login/" in visitor and "/dashboard/" not in visitor
    assert "/dashboard/" in member and "/programme/" not in member
    assert "/programme/" in staff
    assert TOKEN.sub("", again) == TOKEN.sub("", visitor)


def test_the_header_follows_the_language():
    english = header(Client(HTTP_ACCEPT_LANGUAGE="en").get("/organisations/"))
    japanese = header(Client(HTTP_ACCEPT_LANGUAGE="ja").get("/organisations/"))
    hindi = header(Client(HTTP_ACCEPT_LANGUAGE="hi").get("/organisations/"))

    assert ">Organisations<" in english
    assert ">Organisations<" not in japanese and ">Organisations<" not in hindi
    assert japanese != hindi
    assert '<option value="ja" lang="ja" selected>' in japanese
