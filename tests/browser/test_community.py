"""A visitor sees the members-only message; a member comments; the author gets exactly one
e-mail in their language with a working unsubscribe link that stops further mail."""

import re

import pytest
from playwright.sync_api import expect

from kakehashi.community.models import PostFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import MembershipFactory, PostFactory, StaffFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    sign_in(page, member.email)
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
    expect(reader.locator("main [role=status]")).to_have_count(1)

    page.goto("/community/posts/perspectives/")
    page.locator(".comment-form textarea[name=body]").fill("One more thought.")
    page.locator(".comment-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert OutboxMessage.objects.filter(recipient=author.email).count() == 1


def test_member_follows_a_tag_hears_of_a_new_post_and_a_mention_links_to_the_member(new_page):
    from kakehashi.community import services
    from kakehashi.community.models import Tag, TagFollow

    Tag.objects.create(slug="ai", name="AI")
    follower = MembershipFactory(user=UserFactory(email="asha@example.in", display_name="Asha Rao")).user
    mentioned = MembershipFactory(user=UserFactory(email="meera@example.in", display_name="Meera Nair", handle="meera_nair")).user

    page = new_page("en")
    sign_in(page, follower.email)
    page.goto("/community/tags/ai/")
    page.locator("#tag-level").select_option("new_posts")
    page.locator(".tag-follow button[type=submit]").click()
    page.wait_for_url(re.compile(r"/community/tags/ai/$"))
    assert page.locator(".messages").inner_text() == "You will get an e-mail about new posts tagged “AI”."
    assert list(TagFollow.objects.values_list("user", "level")) == [(follower.pk, "new_posts")]

    # Published by staff: announced right after commit.
    services.create_post(StaffFactory(display_name="Sato Haruka"), title="AI pilots in Pune", language="en",
                         body="Thanks to @meera_nair for the idea.", tags=["AI"])

    page.goto("/community/notifications/")
    page.locator(".notifications a", has_text="AI pilots in Pune").click()
    page.wait_for_url(re.compile(r"/community/posts/ai-pilots-in-pune/$"))
    page.locator(".post-body a.mention").click()
    page.wait_for_url(re.compile(rf"/community/members/{mentioned.pk}/$"))
    assert page.locator(".handle").inner_text() == "@meera_nair"
    assert sorted(OutboxMessage.objects.values_list("recipient", "template")) == [
        ("asha@example.in", "community/mail/new_post"), ("meera@example.in", "community/mail/new_post"),
    ]


def test_member_replies_under_one_comment_and_flags_another_from_the_pages_single_forms(new_page):
    from kakehashi.community import services
    from kakehashi.community.models import Comment, Flag

    post = PostFactory(title="Sourcing castings", slug="castings")
    first = services.add_comment(UserFactory(display_name="Meera Nair"), post, body="Pune foundries quote six weeks.")
    second = services.add_comment(UserFactory(display_name="Spam Bot"), post, body="Cheap castings, click here.")
    member = MembershipFactory(user=UserFactory(email="kenji@example.jp", display_name="Kenji Mori")).user

    page = new_page("ja")
    sign_in(page, member.email)
    page.goto("/community/posts/castings/")
    first_comment, second_comment = page.locator(f"#comment-{first.pk}"), page.locator(f"#comment-{second.pk}")
    expect(page.locator("form[data-tool]")).to_have_count(0)  # only the two <template>s hold them

    first_comment.locator("a[data-comment-tool=reply]").click()
    expect(first_comment.locator("form[data-tool=reply] textarea")).to_be_focused()
    first_comment.locator("a[data-comment-tool=flag]").click()  # the flag form takes the reply form's place
    expect(first_comment.locator("form[data-tool]")).to_have_count(1)
    first_comment.locator("a[data-comment-tool=flag]").click()  # and a second click closes it
    expect(first_comment.locator("form[data-tool]")).to_have_count(0)

    first_comment.locator("a[data-comment-tool=reply]").click()
    first_comment.locator("form[data-tool=reply] textarea").fill("Ours were five weeks from Kolhapur.")
    first_comment.locator("form[data-tool=reply] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/community/posts/castings/#comment-\d+$"))
    reply = Comment.objects.get(author=member)
    assert (reply.parent_id, reply.body) == (first.pk, "Ours were five weeks from Kolhapur.")

    second_comment = page.locator(f"#comment-{second.pk}")
    second_comment.locator("a[data-comment-tool=flag]").click()
    second_comment.locator("form[data-tool=flag] select[name=reason]").select_option("spam")
    second_comment.locator(f"#flag-note-{second.pk}").fill("An advert.")
    second_comment.locator("form[data-tool=flag] button[type=submit]").click()
    expect(page.locator(".messages")).to_have_count(1)
    assert list(Flag.objects.values_list("flagger_id", "comment_id", "reason", "note")) == [(member.pk, second.pk, "spam", "An advert.")]
