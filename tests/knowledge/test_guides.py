"""Guides: community posts of kind "guide" with a topic, on the public guides page grouped
by topic, in the reader's language where a version exists, searched among guides only; who
sees which guide follows the post rules (drafts, members-only)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kakehashi.community import services
from kakehashi.community.models import Post
from kakehashi.translations.models import Origin, Version, fields_hash

from ..factories import PASSWORD, MembershipFactory, PostFactory, StaffFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db

URL = "/knowledge/guides/"


def guide(**kwargs):
    return PostFactory(kind=Post.Kind.GUIDE, **{"topic": Post.Topic.VISAS, **kwargs})


def _titles(response):
    return [g.title for group in response.context["groups"] for g in group.guides]


def test_guides_page_address():
    assert reverse("knowledge:guides") == URL


def test_guides_are_grouped_by_topic_in_the_topics_order(client):
    guide(title="Company in Japan", topic=Post.Topic.COMPANY_SETUP)
    guide(title="Meishi", topic=Post.Topic.BUSINESS_CULTURE)
    guide(title="Business Manager visa", topic=Post.Topic.VISAS)
    guide(title="Old guide", topic="")

    groups = client.get(URL).context["groups"]

    assert [(g.topic, [p.title for p in g.guides]) for g in groups] == [
        ("business_culture", ["Meishi"]), ("visas", ["Business Manager visa"]),
        ("company_setup", ["Company in Japan"]), ("", ["Old guide"]),
    ]


def test_guides_page_lists_no_other_kind_of_post(client):
    guide(title="A guide")
    PostFactory(title="An article", kind=Post.Kind.ARTICLE)

    assert _titles(client.get(URL)) == ["A guide"]


def test_a_visitor_sees_public_published_guides_only(client):
    guide(title="Public")
    guide(title="Members", visibility=Post.Visibility.MEMBERS)
    guide(title="Draft", published_at=None)
    guide(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))

    response = client.get(URL)

    assert (response.status_code, _titles(response)) == (200, ["Public"])


@pytest.mark.parametrize("who", ["unapproved", "other_org_member", "member"])
def test_members_only_guides_follow_the_post_rules(client, request, who):
    guide(title="Members", visibility=Post.Visibility.MEMBERS)
    guide(title="Draft", published_at=None)
    user = request.getfixturevalue(who)
    client.login(email=user.email, password=PASSWORD)

    titles = _titles(client.get(URL))

    assert titles == ([] if who == "unapproved" else ["Members"])


def test_the_author_and_staff_see_a_draft_guide(client):
    author = MembershipFactory().user
    guide(title="Draft", published_at=None, author=author)
    client.login(email=author.email, password=PASSWORD)
    assert _titles(client.get(URL)) == ["Draft"]

    client.login(email=StaffFactory().email, password=PASSWORD)
    assert _titles(client.get(URL)) == ["Draft"]


def test_a_topic_is_for_guides_only():
    with pytest.raises(ValidationError) as raised:
        services.create_post(StaffFactory(), title="News", body="x", language="en", kind=Post.Kind.ARTICLE, topic=Post.Topic.VISAS)

    assert list(raised.value.message_dict) == ["topic"]


def test_staff_write_a_guide_with_a_topic():
    post = services.create_post(StaffFactory(), title="GK or KK", body="Two forms.", language="en", kind=Post.Kind.GUIDE,
                                topic=Post.Topic.COMPANY_SETUP)

    assert Post.objects.get(pk=post.pk).topic == "company_setup"


def _version(post, language, title, body):
    return Version.objects.create(source="post", object_id=post.pk, language=language, fields={"title": title, "body": body},
                                  origin=Origin.SECRETARIAT, original_hash=fields_hash({"title": post.title, "body": post.body}))


@pytest.mark.parametrize(("language", "title", "heading"), [
    ("en", "Visas for business", "Guides"), ("ja", "ビジネスのためのビザ", "ガイド"), ("hi", "व्यवसाय के लिए वीज़ा", "गाइड"),
])
def test_each_guide_is_shown_in_the_readers_language_with_who_translated_it(client, language, title, heading):
    post = guide(title="Visas for business", body="Short-term stay.")
    _version(post, "ja", "ビジネスのためのビザ", "短期滞在。")
    _version(post, "hi", "व्यवसाय के लिए वीज़ा", "अल्पकालिक प्रवास।")

    with translation.override(language):  # the request activates it; restored after
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f">{title}</a>" in html
    assert f"<h1>{heading}</h1>" in html
    assert ("translation-note" in html) is (language != "en")


def test_the_translation_bar_says_the_secretariat_translated_it(client):
    post = guide(title="Visas for business", body="Short-term stay.")
    _version(post, "hi", "व्यवसाय के लिए वीज़ा", "अल्पकालिक प्रवास।")

    with translation.override("hi"):  # the request activates it; restored after
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE="hi").content.decode()

    assert "सचिवालय द्वारा अनूदित" in html  # "Written in … · translated by the secretariat"


def test_guides_page_makes_as_many_queries_for_ten_guides_as_for_three(client, django_assert_max_num_queries):
    counter = iter(range(1000))

    def add(n):
        titles = []
        for _ in range(n):
            post = guide(title=f"Row guide {next(counter)}", topic=[t for t, _label in Post.Topic.choices][next(counter) % 4])
            _version(post, "ja", f"行ガイド {post.pk}", "本文")
            titles.append(post.title)
        return titles

    assert_flat(client, URL, add, 12, django_assert_max_num_queries)


@pytest.fixture
def written(django_capture_on_commit_callbacks):
    writer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the embedding task runs after commit
        return {
            "visa": services.create_post(writer, title="Business Manager visa for Japan", body="Certificate of Eligibility, office, capital.",
                                         language="en", kind=Post.Kind.GUIDE, topic=Post.Topic.VISAS),
            "article": services.create_post(writer, title="Visa rules for business travel to Japan", body="Business visas explained.",
                                            language="en"),
            "secret": services.create_post(writer, title="Members' notes on work visas", body="Visa sponsorship compared.",
                                           language="en", kind=Post.Kind.GUIDE, topic=Post.Topic.VISAS,
                                           visibility=Post.Visibility.MEMBERS),
        }


def test_search_finds_guides_only_in_any_language(client, written):
    response = client.get(URL, {"q": "日本のビザ"})

    assert _titles(response) == [written["visa"].title]


def test_search_shows_a_member_the_members_only_guides(client, written, member):
    client.login(email=member.email, password=PASSWORD)

    titles = _titles(client.get(URL, {"q": "work visa"}))

    assert set(titles) == {written["visa"].title, written["secret"].title}


@pytest.mark.parametrize("q", ["\x00", "😀" * 50, "a" * 1000, "<script>alert(1)</script>"])
def test_odd_queries_give_a_page_not_an_error(client, written, q):
    response = client.get(URL, {"q": q})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
