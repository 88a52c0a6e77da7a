"""Searching posts in any language (the matching engine's encoders): a Japanese query finds
English posts; visibility rules hold; odd input never breaks the page."""

import pytest
from django.urls import reverse

from kakehashi.community import services
from kakehashi.community.models import Post
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(django_capture_on_commit_callbacks):
    writer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the embedding task runs after commit
        return _write(writer)


def _write(writer):
    return {
        "chips": services.create_post(writer, title="Semiconductor supply chains between India and Japan",
                                      body="Fabs, chip design centres and packaging plants.", language="en"),
        "food": services.create_post(writer, title="Japanese food culture for visiting engineers",
                                     body="Sushi, bento and table manners.", language="en"),
        "secret": services.create_post(writer, title="Members' notes on semiconductor incentives",
                                       body="Chip subsidies compared.", language="en",
                                       visibility=Post.Visibility.MEMBERS),
    }


def _titles(response):
    return [post.title for post in response.context["page"].object_list]


def test_japanese_query_finds_the_english_post_first(client, posts):
    response = client.get(reverse("community:posts"), {"q": "半導体のサプライチェーン"})

    assert _titles(response)[0] == posts["chips"].title


def test_search_never_shows_a_visitor_a_members_only_post(client, posts):
    response = client.get(reverse("community:posts"), {"q": "semiconductor subsidies"})

    assert posts["secret"].title not in _titles(response)


def test_member_search_includes_members_only_posts(client, posts, member):
    client.login(email=member.email, password=PASSWORD)

    response = client.get(reverse("community:posts"), {"q": "semiconductor subsidies"})

    assert posts["secret"].title in _titles(response)


@pytest.mark.parametrize("q", ["", "   ", "\x00", "\u202e\u0000", "😀" * 50, "a" * 1000])
def test_odd_queries_give_a_page_not_an_error(client, posts, q):
    response = client.get(reverse("community:posts"), {"q": q})

    assert response.status_code == 200


def test_write_up_links_back_to_its_session_and_recording(client):
    from tests.factories import EventSessionFactory, PostFactory

    post = PostFactory()
    session = EventSessionFactory(writeup_post=post, recording_url="https://www.youtube.com/watch?v=demo", recorded=True)

    page = client.get(post.get_absolute_url()).content.decode()

    assert session.get_absolute_url() in page
    assert "https://www.youtube.com/watch?v=demo" in page
