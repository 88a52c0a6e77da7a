"""Comment pages: top-level comments are paginated (each with all its replies), the page
links work, and a link to a comment lands on the page that shows it."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.community.models import Comment, Notification

from ..factories import MembershipFactory, OrganisationFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SHOWN = re.compile(r'id="comment-(\d+)"')


@pytest.fixture
def busy_post(settings):
    """120 top-level comments, every tenth with two replies (the replies written later)."""
    settings.COMMENTS_PER_PAGE = 50
    post = PostFactory(slug="busy")
    author = UserFactory()
    start = timezone.now() - dt.timedelta(days=1)
    tops = Comment.objects.bulk_create([
        Comment(post=post, author=author, body=f"top {n}", body_html=f"<p>top {n}</p>", created_at=start + dt.timedelta(seconds=n))
        for n in range(120)
    ])
    replies = Comment.objects.bulk_create([
        Comment(post=post, author=author, parent=tops[n], body=f"re {n}.{r}", body_html=f"<p>re {n}.{r}</p>",
                created_at=start + dt.timedelta(hours=2, seconds=n * 2 + r))
        for n in range(0, 120, 10) for r in range(2)
    ])
    return post, tops, replies


def shown(response) -> list[int]:
    return [int(pk) for pk in SHOWN.findall(response.content.decode())]


def test_the_first_page_shows_fifty_top_level_comments_with_their_replies(busy_post):
    _post, tops, replies = busy_post

    response = Client().get("/community/posts/busy/")

    expected = []
    for n in range(50):
        expected.append(tops[n].pk)
        expected += [r.pk for r in replies if r.parent_id == tops[n].pk]
    assert response.status_code == 200
    assert shown(response) == expected
    assert 'href="?page=2" rel="next"' in response.content.decode()
    assert "Page 1 of 3" in response.content.decode()


def test_the_last_page_and_out_of_range_pages(busy_post):
    _post, tops, _replies = busy_post
    client = Client()

    last = client.get("/community/posts/busy/?page=3")
    beyond = client.get("/community/posts/busy/?page=99")
    garbage = client.get("/community/posts/busy/?page=abc")

    assert [pk for pk in shown(last) if pk in {t.pk for t in tops}] == [t.pk for t in tops[100:]]
    assert 'href="?page=2" rel="prev"' in last.content.decode()
    assert shown(beyond) == shown(last)
    assert shown(garbage)[:1] == [tops[0].pk]


def test_a_page_costs_the_same_number_of_queries_whatever_the_page(busy_post, django_assert_max_num_queries):
    client = Client()
    client.get("/community/posts/busy/")  # warm caches (sites, translations)

    with django_assert_max_num_queries(15):
        client.get("/community/posts/busy/?page=2")


def test_a_comments_lasting_address_redirects_to_the_page_that_shows_it(busy_post):
    _post, tops, replies = busy_post
    reply_on_page_two = next(r for r in replies if r.parent_id == tops[70].pk)
    client = Client()

    top_redirect = client.get(f"/community/comments/{tops[0].pk}/")
    reply_redirect = client.get(f"/community/comments/{reply_on_page_two.pk}/")
    last_redirect = client.get(f"/community/comments/{tops[119].pk}/")
    landed = client.get(reply_redirect["Location"].split("#")[0])

    assert (top_redirect.status_code, top_redirect["Location"]) == (302, f"/community/posts/busy/#comment-{tops[0].pk}")
    assert reply_redirect["Location"] == f"/community/posts/busy/?page=2#comment-{reply_on_page_two.pk}"
    assert last_redirect["Location"] == f"/community/posts/busy/?page=3#comment-{tops[119].pk}"
    assert reply_on_page_two.pk in shown(landed)


def test_a_new_comment_lands_on_the_last_page(busy_post):
    post, _tops, _replies = busy_post
    member = MembershipFactory(organisation=OrganisationFactory()).user
    client = Client()
    client.force_login(member)

    response = client.post("/community/posts/busy/comment/", {"body": "Late to the party"})

    comment = Comment.objects.get(body="Late to the party")
    assert response["Location"] == f"/community/posts/busy/?page=3#comment-{comment.pk}"
    assert comment.pk in shown(client.get("/community/posts/busy/?page=3"))


def test_notifications_link_to_the_comments_lasting_address(busy_post):
    post, tops, _replies = busy_post
    notification = Notification(post=post, comment=tops[75])

    assert notification.get_absolute_url() == f"/community/comments/{tops[75].pk}/"


def test_an_old_anchor_link_is_sent_on_by_a_static_script(busy_post):
    html = Client().get("/community/posts/busy/").content.decode()

    assert '<script src="/static/community/comment-anchor.js" defer></script>' in html
    assert Client().get("/static/community/comment-anchor.js").status_code == 200


def test_a_members_only_comment_address_is_not_found_for_visitors(settings):
    post = PostFactory(slug="inner", visibility="members")
    comment = Comment.objects.create(post=post, author=UserFactory(), body="x", body_html="<p>x</p>")

    assert Client().get(f"/community/comments/{comment.pk}/").status_code == 404
