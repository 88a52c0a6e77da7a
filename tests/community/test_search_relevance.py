"""Post search lists only relevant posts, counts them, helps when there are none and says
while posts are still being indexed."""

import pytest
from django.urls import reverse

from kakehashi.community import services
from kakehashi.translations import services as translations
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


@pytest.fixture
def visa_guide(django_capture_on_commit_callbacks):
    writer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        guide = services.create_post(writer, title="Visas and residence for business between India and Japan",
                                     body="Which visa a short business trip needs, and how long a stay may last.",
                                     language="en")
        services.create_post(writer, title="Japanese food culture for visiting engineers",
                             body="Sushi, bento and table manners.", language="en")
    with django_capture_on_commit_callbacks(execute=True):  # a version re-indexes its post, after commit
        translations.save_version(writer, "post", guide.pk, "ja", {
            "title": "インドと日本の間のビジネスのためのビザと在留資格",
            "body": "短期の出張に必要なビザと、滞在できる期間。"})
        translations.save_version(writer, "post", guide.pk, "hi", {
            "title": "भारत और जापान के बीच व्यवसाय के लिए वीज़ा और निवास",
            "body": "छोटी व्यावसायिक यात्रा के लिए कौन सा वीज़ा चाहिए।"})
    return guide


@pytest.mark.parametrize("q", ["ビザ", "वीज़ा"])
def test_a_one_word_query_finds_the_post_whose_version_says_it(client, visa_guide, q):
    response = client.get(reverse("community:posts"), {"q": q})

    assert [post.title for post in response.context["page"].object_list] == [visa_guide.title]


def test_a_deleted_version_no_longer_finds_its_post(client, visa_guide, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translations.delete_version(visa_guide.author, "post", visa_guide.pk, "ja")

    assert list(client.get(reverse("community:posts"), {"q": "ビザ"}).context["page"].object_list) == []


def test_a_one_word_japanese_query_finds_the_japanese_post_that_says_it(client, django_capture_on_commit_callbacks):
    writer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        chips = services.create_post(writer, title="半導体材料・装置メーカーのためのインド市場入門",
                                     body="インドでは半導体の組立・検査工場の建設が相次いでいます。", language="ja")
        services.create_post(writer, title="日本の中小企業のためのインド進出ガイド",
                             body="会社設立の手順と、最初の一年で準備すること。", language="ja")

    response = client.get(reverse("community:posts"), {"q": "半導体"})

    assert [post.title for post in response.context["page"].object_list] == [chips.title]
