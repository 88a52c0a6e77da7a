"""A visitor sees the members-only message; a member comments; the author gets exactly one
e-mail in their language with a working unsubscribe link that stops further mail."""

import re

import pytest

from kakehashi.community.models import PostFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import PASSWORD, MembershipFactory, PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_member_comment_mails_the_author_once_and_unsubscribe_stops_it(new_page):
    author = UserFactory(email="haruka@example.jp", display_name="佐藤 遥", language="ja")
    post = PostFactory(author=author, title="India-Japan Partnership Perspectives", slug="perspectives")
    PostFollow.objects.create(user=author, post=post)
    member = MembershipFactory(user=UserFactory(email="asha@example.in", display_name="Asha Rao")).user

    visitor = new_page("en")
    visitor.goto("/community/posts/perspectives/")
    assert visitor.locator(".members-only").inner_text().startswith("You need to be a member of Kakehashi to add comments!")
    assert visitor.locator("textarea[name=body]").count() == 0

    page = new_page("en")
    _sign_in(page, member.email)
    page.goto("/community/posts/perspectives/")
    page.locator(".comment-form textarea[name=body]").fill("Looking forward to the **next** session.")
    page.locator(".comment-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/community/posts/perspectives/#comment-\d+$"))
    assert page.locator(".comment-body strong").inner_text() == "next"

    mails = list(OutboxMessage.objects.filter(recipient=author.email))
    assert len(mails) == 1
    assert mails[0].locale == "ja"
    assert "Asha Rao" in mails[0].body_text and "India-Japan Partnership Perspectives" in mails[0].subject
    unsubscribe = re.search(r"http://[^\s]+/community/unsubscribe/[^\s/]+/", mails[0].body_text).group(0)

    reader = new_page("ja")
    reader.goto("/community/unsubscribe/" + unsubscribe.split("/community/unsubscribe/")[1])
    reader.locator("main form button[type=submit]").click()
    assert reader.locator("main [role=status]").count() == 1

    page.goto("/community/posts/perspectives/")
    page.locator(".comment-form textarea[name=body]").fill("One more thought.")
    page.locator(".comment-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert OutboxMessage.objects.filter(recipient=author.email).count() == 1
