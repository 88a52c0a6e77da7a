"""The notification centre: notices are added once, read in the reader's language, marked
read by their recipient only, counted in the header; the e-mail switches on /settings/."""

import itertools

import pytest
from django.utils import translation

from kakehashi.notices import queries, services
from kakehashi.notices.kinds import SWITCHES
from kakehashi.notices.models import EmailSwitch, Notice

from ..api import api_url, bearer_client, session_client
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _notice(user, kind="interest_received", **params):
    n = next(_numbers)
    services.notify([user], kind, key=f"interest:{n}", url=f"/opportunities/interests/{n}/",
                    **({"organisation": f"Org {n}", "title": "Precision parts"} | params))
    return Notice.objects.get(recipient=user, key=f"interest:{n}")


@pytest.fixture
def member():
    return MembershipFactory(user=UserFactory(display_name="Asha Rao")).user


# --- adding notices ---------------------------------------------------------------------------


def test_notify_twice_about_the_same_thing_adds_one_notice(member):
    for _ in range(2):
        services.notify([member], "thread_message", key="message:7", url="/x/", actor_name="Sato", title="Parts")

    assert Notice.objects.filter(recipient=member).count() == 1


def test_notify_leaves_out_the_actor(member):
    other = UserFactory()

    services.notify([member, other], "thread_message", key="message:8", url="/x/", actor=member, title="Parts")

    assert list(Notice.objects.values_list("recipient", flat=True)) == [other.pk]


def test_notify_refuses_an_unknown_kind(member):
    with pytest.raises(ValueError):
        services.notify([member], "no_such_kind", key="k", url="/x/")


def test_notice_reads_in_the_active_language(member):
    notice = _notice(member, organisation="Tokai Seiki", title="部品")

    with translation.override("en"):
        english = notice.text
    with translation.override("ja"):
        japanese = notice.text

    assert english == "Tokai Seiki expressed interest in “部品”."
    assert japanese == "Tokai Seikiが「部品」に関心を表明しました。"


def test_notice_with_a_missing_parameter_reads_it_as_empty(member):
    services.notify([member], "interest_declined", key="interest:1", url="/x/")

    assert Notice.objects.get().text == "Your interest in “” was declined."


# --- the centre's pages -----------------------------------------------------------------------


def test_centre_lists_the_notices_with_the_unread_badge(client, member):
    first, second = _notice(member), _notice(member)
    client.force_login(member)

    html = client.get("/notifications/").content.decode()

    assert 'class="badge">2<' in html
    assert f'<a href="/notifications/{first.pk}/">{first.text}</a>' in html
    assert html.index(f"notice-{second.pk}") < html.index(f"notice-{first.pk}")  # newest first


def test_opening_a_notice_marks_it_read_and_goes_to_its_place(client, member):
    notice = _notice(member)
    client.force_login(member)

    response = client.get(f"/notifications/{notice.pk}/")

    notice.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == notice.url
    assert notice.read_at is not None


def test_mark_one_read_leaves_the_others_unread(client, member):
    first, second = _notice(member), _notice(member)
    client.force_login(member)

    response = client.post("/notifications/read/", {"notice": first.pk})

    assert response.status_code == 302
    assert list(Notice.objects.filter(read_at=None).values_list("pk", flat=True)) == [second.pk]


def test_mark_all_read(client, member):
    _notice(member), _notice(member)
    client.force_login(member)

    client.post("/notifications/read/")

    assert queries.unread_count(member) == 0


def test_unread_only_lists_unread_notices(client, member):
    read, unread = _notice(member), _notice(member)
    services.mark_read(member, [read.pk])
    client.force_login(member)

    html = client.get("/notifications/?unread=1").content.decode()

    assert f"notice-{unread.pk}" in html and f"notice-{read.pk}" not in html


# --- permissions: only the recipient sees or marks a notice -----------------------------------


@pytest.fixture
def others(member):
    """A notice of `member`, and who else may try: a stranger, a non-member, a member of another organisation."""
    return {
        "notice": _notice(member),
        "non_member": UserFactory(approval_status="pending"),
        "other_org_member": MembershipFactory(organisation=OrganisationFactory()).user,
    }


@pytest.mark.parametrize("who", ["non_member", "other_org_member"])
def test_someone_else_cannot_open_or_mark_a_notice(client, others, who):
    notice = others["notice"]
    client.force_login(others[who])

    opened = client.get(f"/notifications/{notice.pk}/")
    marked = client.post("/notifications/read/", {"notice": notice.pk})
    listed = client.get("/notifications/").content.decode()

    notice.refresh_from_db()
    assert (opened.status_code, marked.status_code) == (404, 404)
    assert f"notice-{notice.pk}" not in listed
    assert notice.read_at is None


@pytest.mark.parametrize("who", ["non_member", "other_org_member"])
def test_someone_else_cannot_read_or_mark_a_notice_through_the_api(others, who):
    notice = others["notice"]
    api = bearer_client(others[who])

    got = api.get(api_url(f"me/notifications/{notice.pk}"))
    listed = api.get(api_url("me/notifications")).json()
    marked = api.post(api_url("me/notifications/read"), {"ids": [notice.pk]}, content_type="application/json").json()

    notice.refresh_from_db()
    assert got.status_code == 404 and got.json()
    assert listed["count"] == 0 and marked == {"marked": 0, "unread": 0}
    assert notice.read_at is None


def test_a_stranger_is_sent_to_sign_in_and_learns_nothing(client, others):
    notice = others["notice"]

    pages = [client.get("/notifications/"), client.get(f"/notifications/{notice.pk}/"), client.post("/notifications/read/")]
    api = [client.get(api_url("me/notifications")), client.get(api_url(f"me/notifications/{notice.pk}"))]

    assert [r.status_code for r in pages] == [302, 302, 302]
    assert all(r["Location"].startswith("/accounts/login/") for r in pages)
    assert [r.status_code for r in api] == [401, 401]


def test_a_notice_id_out_of_range_is_not_found(client, member):
    client.force_login(member)

    assert client.get(f"/notifications/{2**63}/").status_code == 404
    assert client.post("/notifications/read/", {"notice": "99999999999999999999999"}).status_code == 404


# --- the API ----------------------------------------------------------------------------------


def test_api_lists_notices_in_the_callers_language_and_marks_them_read(member):
    member.language = "ja"
    member.save()
    first, second = _notice(member, organisation="Tokai"), _notice(member, organisation="Tokai")
    api = bearer_client(member)

    listed = api.get(api_url("me/notifications"), HTTP_ACCEPT_LANGUAGE="ja").json()
    marked = api.post(api_url("me/notifications/read"), {"ids": [first.pk]}, content_type="application/json").json()
    unread = api.get(api_url("me/notifications?unread_only=true")).json()

    assert listed["count"] == 2 and listed["unread"] == 2
    assert [(r["id"], r["kind"], r["url"], r["read"]) for r in listed["results"]] == [
        (second.pk, "interest_received", second.url, False), (first.pk, "interest_received", first.url, False),
    ]
    assert listed["results"][0]["text"] == "Tokaiが「Precision parts」に関心を表明しました。"
    assert marked == {"marked": 1, "unread": 1}
    assert [r["id"] for r in unread["results"]] == [second.pk]


def test_api_mark_all_read(member):
    _notice(member), _notice(member)

    marked = bearer_client(member).post(api_url("me/notifications/read"), {}, content_type="application/json").json()

    assert marked == {"marked": 2, "unread": 0}


# --- e-mail switches on the settings page -----------------------------------------------------


def _settings_post(**switches_off):
    data = {"form": ["profile", "prefs"], "profile-display_name": "Asha Rao", "profile-language": "en",
            "profile-timezone": "Asia/Kolkata", "prefs-email_notifications": "on", "prefs-digest": "off",
            "prefs-email_switches_shown": "True"}
    for kind in [k.key for k in SWITCHES]:
        if kind not in switches_off:
            data[f"prefs-email_{kind}"] = "on"
    return data


def test_settings_page_switches_one_kind_of_email_off(client, member):
    client.force_login(member)

    page = client.get("/settings/").content.decode()
    response = client.post("/settings/", _settings_post(thread_message=True))

    assert 'name="prefs-email_thread_message"' in page
    assert response.status_code == 302
    assert list(EmailSwitch.objects.filter(user=member).values_list("kind", flat=True)) == ["thread_message"]
    assert queries.email_switches(member)["thread_message"] is False
    assert services.email_recipients([member], "thread_message") == []
    assert services.email_recipients([member], "interest_received") == [member]


def test_settings_page_switches_a_kind_back_on(client, member):
    services.set_email_switches(member, {"new_match": False})
    client.force_login(member)

    client.post("/settings/", _settings_post())

    assert not EmailSwitch.objects.filter(user=member).exists()


def test_a_post_without_the_switches_leaves_them_as_they_are(client, member):
    services.set_email_switches(member, {"new_match": False})
    client.force_login(member)

    client.post("/settings/", {"form": "prefs", "prefs-email_notifications": "on", "prefs-digest": "daily"})

    member.refresh_from_db()
    assert member.digest == "daily"
    assert list(EmailSwitch.objects.filter(user=member).values_list("kind", flat=True)) == ["new_match"]


# --- query counts -----------------------------------------------------------------------------


def _notices_for(user):
    def add(n: int) -> list[str]:
        return [_notice(user, actor=UserFactory(), organisation=f"Org {next(_numbers)}").params["organisation"] for _ in range(n)]
    return add


def test_centre_queries_do_not_grow_with_notices(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/notifications/", _notices_for(member), 5, django_assert_max_num_queries)


def test_notices_api_queries_do_not_grow_with_notices(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("me/notifications"), _notices_for(member), 5, django_assert_max_num_queries)
