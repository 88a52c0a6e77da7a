"""Post search lists only relevant posts, counts them, helps when there are none and says
while posts are still being indexed."""

import pytest
from django.urls import reverse

from kakehashi.community import services
from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(django_capture_on_commit_callbacks):
    writer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the embedding task runs after commit
        return {
            "chips": services.create_post(writer, title="Semiconductor supply chains between India and Japan",
                                          body="Fabs, chip design centres and packaging plants.", language="en"),
            "food": services.create_post(writer, title="Japanese food culture for visiting engineers",
                                         body="Sushi, bento and table manners.", language="en"),
        }


def test_a_query_lists_only_the_relevant_posts_and_counts_them(client, posts):
    response = client.get(reverse("community:posts"), {"q": "半導体のサプライチェーン"})

    assert [post.title for post in response.context["page"].object_list] == [posts["chips"].title]
    assert "1 relevant post." in response.content.decode()


def test_a_nonsense_query_finds_no_post_and_the_page_helps(client, posts):
    html = client.get(reverse("community:posts"), {"q": "xyzzyqq"}).content.decode()

    assert "0 relevant posts." in html
    assert "No post is relevant to “xyzzyqq”." in html
    assert "Browse every post" in html


def test_while_a_post_has_no_vectors_the_search_says_results_are_being_computed(client, posts):
    PostFactory(title="Written a moment ago")

    html = client.get(reverse("community:posts"), {"q": "semiconductors"}).content.decode()

    assert "Search results are still being computed: 2 of 3 posts indexed." in html
