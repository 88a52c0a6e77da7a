"""Each comment of a thread is rendered once for everyone who sees it alike and then served
from the cache (community/templatetags/community_comments.py, core.fragments.shared): what
varies between readers, and every change to a comment, shows at once."""

import pickle
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from kakehashi.community import services
from kakehashi.community.models import Comment
from kakehashi.core import fragments
from tests.api import session_client

from ..factories import MembershipFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/community/posts/cached-thread/"


@pytest.fixture
def thread(db):
    post = PostFactory(slug="cached-thread")
    author = MembershipFactory(user=UserFactory(display_name="Asha Rao")).user
    comment = services.add_comment(author, post, body="Samples ship on **Monday**.")
    return post, author, comment


def comment_of(html: str, comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start:html.index("</article>", start)]


def page(client: Client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def stored() -> int:
    return len(caches[fragments.CACHE]._cache)  # locmem keeps its entries there


def test_a_second_reader_in_the_same_relation_gets_the_stored_comment(thread):
    _post, _author, comment = thread
    first = comment_of(page(session_client(MembershipFactory().user)), comment)
    entries = stored()

    second = comment_of(page(session_client(MembershipFactory().user)), comment)

    assert stored() == entries
    assert "Samples ship on <strong>Monday</strong>." in second
    assert re.sub(r'value="\w+"', "", first) == re.sub(r'value="\w+"', "", second)


def test_the_author_and_staff_get_edit_and_delete_and_other_members_do_not(thread):
    _post, author, comment = thread
    edit = f"/community/comments/{comment.pk}/edit/"

    as_author = comment_of(page(session_client(author)), comment)
    as_member = comment_of(page(session_client(MembershipFactory().user)), comment)
    as_staff = comment_of(page(session_client(StaffFactory())), comment)
    as_visitor = comment_of(page(Client()), comment)

    assert edit in as_author and edit in as_staff
    assert edit not in as_member and edit not in as_visitor
    assert "Flag" in as_member and "Flag" not in as_author and "Reply" not in as_visitor


def test_an_edit_shows_at_once(thread):
    _post, author, comment = thread
    reader = session_client(MembershipFactory().user)
    page(reader)

    services.edit_comment(author, comment, body="Samples ship on **Tuesday**.")

    assert "Samples ship on <strong>Tuesday</strong>." in comment_of(page(reader), comment)


def test_hiding_and_deleting_show_at_once(thread):
    _post, author, comment = thread
    reader = session_client(MembershipFactory().user)
    page(reader)

    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())  # as moderation does
    hidden = comment_of(page(reader), comment)
    for_staff = comment_of(page(session_client(StaffFactory())), comment)
    Comment.objects.filter(pk=comment.pk).update(hidden_at=None)
    services.delete_comment(author, Comment.objects.get(pk=comment.pk))
    deleted = comment_of(page(reader), comment)

    assert "This comment is hidden while staff review it." in hidden and "Monday" not in hidden
    assert "Hidden from members until reviewed." in for_staff and "Monday" in for_staff
    assert "Comment removed." in deleted


def test_a_new_name_of_the_author_shows_at_once(thread):
    _post, author, comment = thread
    reader = session_client(MembershipFactory().user)
    page(reader)

    type(author).objects.filter(pk=author.pk).update(display_name="Asha Rao-Iyer")

    assert "Asha Rao-Iyer" in comment_of(page(reader), comment)


def test_a_stored_comments_forms_carry_this_requests_token(thread):
    """Staff see a Delete form on every comment; the second one reads it from the cache."""
    _post, _author, comment = thread
    page(session_client(StaffFactory()))
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(StaffFactory())

    html = comment_of(page(reader), comment)
    token = re.search(rf'action="/community/comments/{comment.pk}/delete/">'
                      r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = reader.post(f"/community/comments/{comment.pk}/delete/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None


def test_comments_are_rendered_every_time_when_the_page_cache_is_off(thread):
    with override_settings(PAGE_CACHE_SECONDS=0):
        page(session_client(MembershipFactory().user))

    assert stored() == 0


def test_a_comment_cannot_name_the_token_placeholder_of_a_stored_comment(thread):
    """The placeholder that stands for the CSRF token in a stored piece is drawn per entry,
    so no comment can carry one and have a reader's token put in its place."""
    post, _author, comment = thread
    other = services.add_comment(MembershipFactory().user, post, body="Pricing follows.")
    page(session_client(StaffFactory()))  # staff see a Delete form, with its token, on each comment

    entries = [pickle.loads(value) for value in caches[fragments.CACHE]._cache.values()]
    placeholders = {placeholder for placeholder, _html in entries}

    assert other.pk != comment.pk
    assert len(placeholders) == 2 and all(len(p) == len("kkfragmentcsrf") + 32 for p in placeholders)
