"""Per-member rate limits on comments, posts, expressions of interest, thread messages and
event registrations: past the limit the API answers 429 JSON with Retry-After, a page
answers 429 with the reason as a form error; another member is not affected."""

import re

import pytest
from django.test import Client

from kakehashi.accounts.services import create_api_token
from kakehashi.community import services as community
from kakehashi.community.models import Comment, Post
from kakehashi.events.models import Registration
from kakehashi.opportunities.interest import services as interest_services
from kakehashi.opportunities.models import Interest, IntroductionMessage

from ..factories import (
    EventSessionFactory,
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    PostFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

TOO_OFTEN = re.compile(r"^You are doing this too often\. Try again in (\d+) seconds\.$")
TOO_OFTEN_JA = "操作の回数が多すぎます。"


@pytest.fixture(autouse=True)
def two_an_hour(settings):
    settings.MEMBER_RATE_LIMITS = dict.fromkeys(("comment", "post", "interest", "message", "registration"), "2/h")


def member():
    return MembershipFactory(organisation=OrganisationFactory()).user


def api(user) -> Client:
    _token, secret = create_api_token(user, name="limits")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_api_refused(response):
    assert response.status_code == 429
    match = TOO_OFTEN.match(response.json()["detail"])
    assert match and 1 <= int(match.group(1)) <= 3600 and response["Retry-After"] == match.group(1)


def assert_page_refused(response):
    assert response.status_code == 429
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and TOO_OFTEN.match(errors[0])


def test_comments_through_the_api_are_limited_per_member():
    post, asha, kenji = PostFactory(), member(), member()
    client = api(asha)

    statuses = [client.post(f"/api/v1/community/posts/{post.slug}/comments", {"body": f"c{n}"}, content_type="application/json").status_code for n in range(2)]
    refused = client.post(f"/api/v1/community/posts/{post.slug}/comments", {"body": "c3"}, content_type="application/json")
    other = api(kenji).post(f"/api/v1/community/posts/{post.slug}/comments", {"body": "k"}, content_type="application/json")

    assert statuses == [201, 201]
    assert_api_refused(refused)
    assert other.status_code == 201
    assert Comment.objects.filter(author=asha).count() == 2


def test_comments_on_the_page_are_limited_with_a_form_error():
    post, asha = PostFactory(), member()
    client = web(asha)

    statuses = [client.post(f"/community/posts/{post.slug}/comment/", {"body": f"c{n}"}).status_code for n in range(2)]
    refused = client.post(f"/community/posts/{post.slug}/comment/", {"body": "c3"})

    assert statuses == [302, 302]
    assert_page_refused(refused)
    assert Comment.objects.filter(author=asha).count() == 2


def test_the_refusal_is_translated():
    post, asha = PostFactory(), member()
    asha.language = "ja"
    asha.save()
    client = api(asha)
    for n in range(2):
        community.add_comment(asha, post, body=f"c{n}")  # services are not limited: only pages and API
    for n in range(2):
        client.post(f"/api/v1/community/posts/{post.slug}/comments", {"body": f"d{n}"}, content_type="application/json")

    refused = web(asha).post(f"/community/posts/{post.slug}/comment/", {"body": "x"}, HTTP_ACCEPT_LANGUAGE="ja")

    assert refused.status_code == 429
    assert TOO_OFTEN_JA in refused.content.decode()


def test_posts_are_limited_on_the_page():
    staff = StaffFactory()
    client = web(staff)
    form = {"body": "Text", "language": "en", "kind": "announcement", "visibility": "public", "organisation": "",
            "published_at": "", "tags_text": ""}

    statuses = [client.post("/community/posts/new/", {**form, "title": f"Post {n}"}).status_code for n in range(2)]
    refused = client.post("/community/posts/new/", {**form, "title": "Post 3"})

    assert statuses == [302, 302]
    assert_page_refused(refused)
    assert Post.objects.count() == 2


@pytest.fixture
def three_opportunities():
    owner_org = OrganisationFactory(country="JP")
    return [OpportunityFactory(organisation=owner_org, title=f"Need {n}") for n in range(3)]


def test_expressions_of_interest_through_the_api_are_limited(three_opportunities):
    client = api(member())

    responses = [
        client.post("/api/v1/opportunities/interests", {"opportunity": o.reference, "message": "Hello"}, content_type="application/json")
        for o in three_opportunities
    ]

    assert [r.status_code for r in responses[:2]] == [201, 201]
    assert_api_refused(responses[2])
    assert Interest.objects.count() == 2


def test_expressions_of_interest_on_the_page_are_limited(three_opportunities):
    client = web(member())

    responses = [client.post(f"/opportunities/{o.reference}/interest/", {"message": "Hello"}) for o in three_opportunities]

    assert [r.status_code for r in responses[:2]] == [302, 302]
    assert_page_refused(responses[2])
    assert Interest.objects.count() == 2


@pytest.fixture
def introduction():
    owner_org = OrganisationFactory(country="JP")
    owner = MembershipFactory(organisation=owner_org).user
    sender = member()
    interest = interest_services.express_interest(sender, OpportunityFactory(organisation=owner_org), message="Hi")
    return interest_services.accept_interest(owner, interest), sender


def test_thread_messages_through_the_api_are_limited(introduction):
    intro, sender = introduction
    client = api(sender)
    url = f"/api/v1/opportunities/introductions/{intro.pk}/messages"

    responses = [client.post(url, {"body": f"m{n}"}, content_type="application/json") for n in range(3)]

    assert [r.status_code for r in responses[:2]] == [201, 201]
    assert_api_refused(responses[2])
    assert IntroductionMessage.objects.filter(author=sender).count() == 2


def test_thread_messages_on_the_page_are_limited(introduction):
    intro, sender = introduction
    client = web(sender)

    responses = [client.post(f"/opportunities/introductions/{intro.pk}/messages/", {"body": f"m{n}"}) for n in range(3)]

    assert [r.status_code for r in responses[:2]] == [302, 302]
    assert_page_refused(responses[2])


def test_event_registrations_through_the_api_are_limited():
    sessions = [EventSessionFactory() for _ in range(3)]
    client = api(member())

    responses = [client.post(f"/api/v1/events/sessions/{s.slug}/registrations", {"answers": []}, content_type="application/json") for s in sessions]

    assert [r.status_code for r in responses[:2]] == [201, 201]
    assert_api_refused(responses[2])
    assert Registration.objects.count() == 2


def test_event_registrations_on_the_page_are_limited():
    sessions = [EventSessionFactory() for _ in range(3)]
    client = web(member())

    responses = [client.post(f"{s.get_absolute_url()}register/", {}) for s in sessions]

    assert [r.status_code for r in responses[:2]] == [302, 302]
    assert_page_refused(responses[2])
    assert Registration.objects.count() == 2


def test_a_bad_rate_setting_is_an_error_not_a_silent_no_limit():
    from kakehashi.core.ratelimit import parse

    assert (parse("10/m"), parse("5/30s"), parse("100/d")) == ((10, 60), (5, 30), (100, 86400))
    with pytest.raises(ValueError):
        parse("ten a minute")
