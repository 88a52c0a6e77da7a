"""Query-count guards: every community list (posts, a tag, the feeds, a member's page, a
post's comments, notifications, follows, the moderation queue and log, engagement), as pages
and through the API, makes as many queries for 10 rows as for 3 (see tests/querycount.py)."""

import itertools

import pytest

from kakehashi.community import moderation, services
from kakehashi.community.models import Comment, Post, Tag

from ..api import api_url, bearer_client, session_client
from ..factories import MembershipFactory, PostFactory, UserFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def posts(n: int) -> list[str]:
    """Published posts by members of organisations, each tagged "ai"."""
    ai, _ = Tag.objects.get_or_create(slug="ai", defaults={"name": "AI"})
    titles = []
    for _ in range(n):
        post = PostFactory(title=f"Row post {next(_numbers)}", author=MembershipFactory().user)
        post.tags.add(ai)
        titles.append(post.title)
    return titles


def _comment(author, post, body: str):
    comment = services.add_comment(author, post, body=body)
    services.fan_out_comment(comment.pk)  # the task's work, run here (tests do not commit)
    return comment


def comments_on(post):
    def add(n: int) -> list[str]:
        return [_comment(MembershipFactory().user, post, f"Row comment {next(_numbers)}").body for _ in range(n)]
    return add


def notifications_for(user):
    """Comments by other members on a post of `user`: each notifies its author."""
    post = PostFactory(author=user, title="The member's post")
    services.set_following(user, post, active=True)

    def add(n: int) -> list[str]:
        return [_comment(MembershipFactory().user, post, "A reply").author.display_name for _ in range(n)]
    return add


def follows_of(user):
    def add(n: int) -> list[str]:
        titles = posts(n)
        for title in titles:
            services.set_following(user, Post.objects.get(title=title), active=True)
        return titles
    return add


def flagged(n: int) -> list[str]:
    """n comments flagged by two members each, and their post flagged once."""
    post = PostFactory(title=f"Flagged post {next(_numbers)}", author=MembershipFactory().user)
    bodies = []
    for _ in range(n):
        comment = _comment(MembershipFactory().user, post, f"Flagged comment {next(_numbers)}")
        for _flagger in range(2):
            moderation.flag(UserFactory(), reason="spam", comment=comment)
        bodies.append(comment.body)
    moderation.flag(UserFactory(), reason="off_topic", post=post)
    return [*bodies, post.title]


def reviewed_by(staff):
    def add(n: int) -> list[str]:
        texts = flagged(n)
        for comment in Comment.objects.filter(body__in=texts):
            moderation.review(staff, action="keep", comment=comment)
        return [staff.display_name]
    return add


def test_post_list_page_queries_do_not_grow_with_posts(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/community/", posts, 6, django_assert_max_num_queries)


def test_tag_page_queries_do_not_grow_with_posts(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/community/tags/ai/", posts, 8, django_assert_max_num_queries)


def test_post_list_api_queries_do_not_grow_with_posts(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("community/posts"), posts, 6, django_assert_max_num_queries)


def test_post_page_queries_do_not_grow_with_comments(member, django_assert_max_num_queries):
    post = PostFactory(slug="discussed")
    # 13: with the "Part of" agreements box (knowledge, one query)
    assert_flat(session_client(member), "/community/posts/discussed/", comments_on(post), 13,
                django_assert_max_num_queries)


def test_comments_api_queries_do_not_grow_with_comments(member, django_assert_max_num_queries):
    post = PostFactory(slug="discussed")
    assert_flat(bearer_client(member), api_url("community/posts/discussed/comments"), comments_on(post), 6,
                django_assert_max_num_queries)


def test_notifications_page_queries_do_not_grow_with_notifications(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/notifications/", notifications_for(member), 5,
                django_assert_max_num_queries)


def test_notifications_api_queries_do_not_grow_with_notifications(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("community/notifications"), notifications_for(member), 4,
                django_assert_max_num_queries)


def test_follows_api_queries_do_not_grow_with_follows(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("community/follows"), follows_of(member), 4,
                django_assert_max_num_queries)


def test_moderation_page_queries_do_not_grow_with_flags(staff, django_assert_max_num_queries):
    assert_flat(session_client(staff), "/community/moderation/", flagged, 8, django_assert_max_num_queries)


def test_moderation_page_queries_do_not_grow_with_the_log(staff, django_assert_max_num_queries):
    assert_flat(session_client(staff), "/community/moderation/", reviewed_by(staff), 7, django_assert_max_num_queries)


def test_moderation_queue_api_queries_do_not_grow_with_flags(staff, django_assert_max_num_queries):
    assert_flat(bearer_client(staff), api_url("community/moderation/queue"), flagged, 6, django_assert_max_num_queries)


def test_moderation_log_api_queries_do_not_grow_with_the_log(staff, django_assert_max_num_queries):
    assert_flat(bearer_client(staff), api_url("community/moderation/log"), reviewed_by(staff), 3,
                django_assert_max_num_queries)


def test_engagement_page_queries_do_not_grow_with_posts(staff, django_assert_max_num_queries):
    assert_flat(session_client(staff), "/community/engagement/", posts, 4, django_assert_max_num_queries)


@pytest.mark.parametrize(("path", "ceiling"), [
    ("/community/feed/rss/", 2), ("/community/feed/atom/", 2), ("/community/tags/ai/atom/", 3),
])
def test_feed_queries_do_not_grow_with_posts(path, ceiling, django_assert_max_num_queries):
    assert_flat(session_client(None), path, posts, ceiling, django_assert_max_num_queries)


def test_member_page_queries_do_not_grow_with_their_posts(member, django_assert_max_num_queries):
    author = MembershipFactory().user

    def add(n: int) -> list[str]:
        titles = posts(n)
        Post.objects.filter(title__in=titles).update(author=author)
        return titles
    assert_flat(session_client(member), f"/community/members/{author.pk}/", add, 8, django_assert_max_num_queries)
