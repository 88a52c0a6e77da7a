"""Pages of expressions of interest, introductions and the programme view: behaviour, the
anonymity of an anonymous opportunity's owner, and who may open each page."""

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest, IntroductionMessage, OutcomeRecord

from ...api import session_client
from ...factories import OpportunityFactory
from .helpers import OWNER_ORG, SENDER_ORG, accept, express

pytestmark = pytest.mark.django_db


def in_language(code: str, message: str) -> str:
    """The error as the member reads it: their saved language is active on their pages."""
    with translation.override(code):
        return gettext(message)


# --- behaviour ---------------------------------------------------------------------------------


def test_member_expresses_interest_through_the_form(world):
    client = session_client(world.sender)
    url = f"/opportunities/{world.opportunity.reference}/interest/"

    page = client.get(url)
    response = client.post(url, {"organisation": world.sender_org.pk, "message": "We can help."})

    interest = Interest.objects.get()
    assert page.status_code == 200 and 'name="message"' in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, f"/opportunities/interests/{interest.pk}/")
    assert (interest.organisation, interest.message) == (world.sender_org, "We can help.")


def test_member_of_one_organisation_need_not_name_it(world):
    response = session_client(world.sender).post(f"/opportunities/{world.opportunity.reference}/interest/", {"message": "Hi"})

    assert response.status_code == 302
    assert Interest.objects.get().organisation == world.sender_org


def test_member_of_two_organisations_is_asked_to_choose(world):
    from ...factories import MembershipFactory

    MembershipFactory(user=world.sender_colleague, organisation=world.third_org)

    response = session_client(world.sender_colleague).post(
        f"/opportunities/{world.opportunity.reference}/interest/", {"message": "Hi"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"organisation": ["This field is required."]}
    assert 'name="organisation"' in response.content.decode() and "<select" in response.content.decode()


def test_second_interest_through_the_form_gets_a_clear_error(world):
    express(world)
    client = session_client(world.sender_colleague)

    response = client.post(
        f"/opportunities/{world.opportunity.reference}/interest/",
        {"organisation": world.sender_org.pk, "message": "Again"},
    )

    assert response.status_code == 400
    assert "already expressed interest" in response.content.decode()
    assert Interest.objects.count() == 1


def test_empty_message_in_the_form_is_a_field_error(world):
    client = session_client(world.sender)

    response = client.post(
        f"/opportunities/{world.opportunity.reference}/interest/", {"organisation": world.sender_org.pk, "message": " "}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["message"]
    assert in_language("hi", "This field is required.") in response.content.decode()  # as the member reads it


def test_opportunity_page_shows_the_form_to_another_organisation_and_the_answers_to_the_owner(world):
    interest = express(world, message="Our <b>offer</b>")
    other = OpportunityFactory(organisation=world.owner_org)

    for_sender = session_client(world.sender).get(f"/opportunities/{world.opportunity.reference}/").content.decode()
    for_third = session_client(world.third).get(f"/opportunities/{world.opportunity.reference}/").content.decode()
    for_owner = session_client(world.owner).get(f"/opportunities/{world.opportunity.reference}/").content.decode()
    for_owner_other = session_client(world.owner).get(f"/opportunities/{other.reference}/").content.decode()
    for_visitor = Client().get(f"/opportunities/{world.opportunity.reference}/").content.decode()

    assert f"/opportunities/interests/{interest.pk}/withdraw/" in for_sender
    assert f'action="/opportunities/{world.opportunity.reference}/interest/"' in for_third
    assert f"/opportunities/interests/{interest.pk}/accept/" in for_owner
    assert "Our &lt;b&gt;offer&lt;/b&gt;" in for_owner
    assert in_language("ja", "No expressions of interest yet.") in for_owner_other  # the owner reads Japanese
    assert "Members of approved organisations can express interest and be introduced." in for_visitor
    assert "interest-form" not in for_visitor


def test_owner_accepts_from_the_page_and_lands_in_the_thread(world):
    interest = express(world)

    response = session_client(world.owner).post(f"/opportunities/interests/{interest.pk}/accept/")

    introduction = Interest.objects.get().introduction
    assert (response.status_code, response["Location"]) == (302, f"/opportunities/introductions/{introduction.pk}/")


def test_accepting_twice_from_the_page_says_why(world):
    interest = express(world)
    client = session_client(world.owner)
    client.post(f"/opportunities/interests/{interest.pk}/accept/")

    response = client.post(f"/opportunities/interests/{interest.pk}/accept/", follow=True)

    with translation.override("ja"):  # the owner reads Japanese
        expected = gettext("This expression of interest is no longer waiting for an answer (it is now: %(state)s).") % {
            "state": gettext("Accepted")}
    assert escape(expected) in response.content.decode()


def test_decline_without_reason_is_a_field_error(world):
    interest = express(world)

    response = session_client(world.owner).post(f"/opportunities/interests/{interest.pk}/decline/", {"reason": ""})

    assert response.status_code == 400
    assert list(response.context["decline_form"].errors) == ["reason"]
    assert in_language("ja", "This field is required.") in response.content.decode()
    assert Interest.objects.get().state == "pending"


def test_thread_shows_messages_escaped_and_outcome_history(world):
    introduction = accept(world, express(world))
    client = session_client(world.sender)

    posted = client.post(f"/opportunities/introductions/{introduction.pk}/messages/", {"body": "<script>x</script>\nLine two"})
    client.post(f"/opportunities/introductions/{introduction.pk}/outcome/", {"outcome": "meeting_held", "note": "Nagoya"})
    html = session_client(world.owner).get(f"/opportunities/introductions/{introduction.pk}/").content.decode()

    message = IntroductionMessage.objects.get()
    assert (posted.status_code, posted["Location"]) == (
        302, f"/opportunities/introductions/{introduction.pk}/#message-{message.pk}"
    )
    assert "&lt;script&gt;x&lt;/script&gt;<br>Line two" in html
    assert "<script>x" not in html
    assert in_language("ja", "Meeting held") in html and "Nagoya" in html
    assert OutcomeRecord.objects.get().organisation == world.sender_org
    for contact in (OWNER_ORG, SENDER_ORG, "haruka@tokai.example.jp", "asha@sundaram.example.in"):
        assert contact in html


def test_staff_reads_the_thread_without_the_outcome_form(world):
    introduction = accept(world, express(world))

    html = session_client(world.staff).get(f"/opportunities/introductions/{introduction.pk}/").content.decode()

    assert "message-form" in html and "outcome-form" not in html


def test_my_interests_page_lists_sent_received_and_introductions(world, django_assert_max_num_queries):
    express(world)
    accept(world, express(world, OpportunityFactory(organisation=world.owner_org, title="Second need")))
    client = session_client(world.sender)

    with django_assert_max_num_queries(20):
        html = client.get("/opportunities/interests/").content.decode()

    assert html.count("Precision auto parts sourcing") == 1
    assert html.count("Second need") == 2  # among sent, and among introductions
    assert escape(in_language("hi", "Nobody has expressed interest in your organisation's opportunities yet.")) in html


# --- anonymity ---------------------------------------------------------------------------------


def test_anonymous_owner_is_hidden_from_the_sender_until_accepted(world):
    anonymous = OpportunityFactory(organisation=world.owner_org, visibility="anonymous", title="Confidential need")
    interest = express(world, anonymous)
    client = session_client(world.sender)
    pages = ["/opportunities/interests/", f"/opportunities/interests/{interest.pk}/", f"/opportunities/{anonymous.reference}/"]

    before = [client.get(url).content.decode() for url in pages]
    services.decline_interest(world.owner, interest, reason="Not a fit")
    declined_mails = [m.body_text + m.body_html + m.subject for m in OutboxMessage.objects.filter(template__endswith="interest_declined")]
    second = express(world, anonymous, message="May we try again?")
    accept(world, second)
    after = client.get(f"/opportunities/interests/{second.pk}/").content.decode()

    for html in before + declined_mails:
        assert OWNER_ORG not in html and escape(OWNER_ORG) not in html
        assert "tokai-seiki" not in html
    assert "Confidential need" in before[1]
    assert OWNER_ORG in after


def test_permission_matrix_covers_every_interest_and_programme_url():
    resolver = get_resolver().namespace_dict["opportunities"][1]
    names = {
        name for name in resolver.reverse_dict
        if isinstance(name, str) and name.startswith(("interest_", "intro_", "programme"))
    }

    assert names == {name for _m, name, _p, _e in ROWS}


# --- permission matrix -------------------------------------------------------------------------

LOGIN = "login"
WELCOME = "redirect:/welcome/"
ACTORS = ["visitor", "unapproved", "third", "sender", "owner", "staff"]


def row(method, name, path, visitor, unapproved, third, sender, owner, staff):
    return (method, name, path, dict(zip(ACTORS, (visitor, unapproved, third, sender, owner, staff), strict=True)))


ROWS = [
    row("get", "interest_mine", "/opportunities/interests/", LOGIN, WELCOME, 200, 200, 200, 200),
    row("get", "interest_detail", "/opportunities/interests/{pending}/", LOGIN, WELCOME, 404, 200, 200, 200),
    row("post", "interest_accept", "/opportunities/interests/{pending}/accept/", LOGIN, WELCOME, 404, 403, 302, 403),
    row("post", "interest_decline", "/opportunities/interests/{pending}/decline/", LOGIN, WELCOME, 404, 403, 302, 403),
    row("post", "interest_withdraw", "/opportunities/interests/{pending}/withdraw/", LOGIN, WELCOME, 404, 302, 403, 403),
    row("get", "intro_thread", "/opportunities/introductions/{intro}/", LOGIN, WELCOME, 404, 200, 200, 200),
    row("post", "intro_message", "/opportunities/introductions/{intro}/messages/", LOGIN, WELCOME, 404, 302, 302, 302),
    row("post", "intro_outcome", "/opportunities/introductions/{intro}/outcome/", LOGIN, WELCOME, 404, 302, 302, 403),
    row("get", "interest_create", "/opportunities/{open}/interest/", LOGIN, WELCOME, 200, 200, 200, 200),
    row("post", "interest_create", "/opportunities/{open}/interest/", LOGIN, WELCOME, 302, 302, 400, 400),
    row("get", "programme", "/opportunities/programme/", LOGIN, 403, 403, 403, 403, 200),
    row("get", "programme_chart", "/opportunities/programme/charts/aims.svg", LOGIN, 403, 403, 403, 403, 200),
    row("get", "programme_export", "/opportunities/programme/export/interests.csv", LOGIN, 403, 403, 403, 403, 200),
]


@pytest.fixture
def matrix(world):
    pending = express(world)
    intro = accept(world, express(world, OpportunityFactory(organisation=world.owner_org)))
    fresh = OpportunityFactory(organisation=world.owner_org)
    return {"pending": pending.pk, "intro": intro.pk, "open": fresh.reference}


@pytest.mark.parametrize(("method", "name", "path", "expected"), ROWS, ids=[f"{m} {p}" for m, _n, p, _e in ROWS])
@pytest.mark.parametrize("actor", ACTORS)
def test_interest_permission_matrix(world, matrix, method, name, path, expected, actor):
    url = path.format(**matrix)
    client = Client() if actor == "visitor" else session_client(world[actor])
    data = {"message": "hello", "reason": "no", "body": "hi", "outcome": "no_fit", "organisation": ""}
    if actor in ("third", "sender"):
        data["organisation"] = (world.third_org if actor == "third" else world.sender_org).pk

    response = getattr(client, method)(url, data if method == "post" else None)

    want = expected[actor]
    if want == LOGIN:
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    elif isinstance(want, str):
        assert (response.status_code, response["Location"]) == (302, want.split(":", 1)[1])
    else:
        assert response.status_code == want
