"""RSS 2.0 and Atom feeds of public posts: all of them, and per tag. Members-only posts,
drafts and scheduled posts never appear (the feed is read as a visitor)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Post, Tag

FEED_SIZE = 30


def _public_posts():
    return queries.posts_visible_to(AnonymousUser())


class LatestPostsRss(Feed):
    permission = "public"
    description = _("Session write-ups, articles, announcements and guides from the partnership community.")

    def title(self) -> str:
        return f"{settings.SITE_NAME} · {_('Community')}"

    def link(self) -> str:
        return "/community/"

    def items(self):
        return _public_posts().order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.body_html  # sanitised when the post was saved

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        return item.author.get_full_name() if item.author else ""

    def item_categories(self, item: Post) -> list[str]:
        return [t.name for t in item.tags.all()]


class LatestPostsAtom(LatestPostsRss):
    feed_type = Atom1Feed
    subtitle = LatestPostsRss.description


class TagAtom(LatestPostsAtom):
    def get_object(self, request, tag: str) -> Tag:
        return get_object_or_404(Tag, slug=tag)

    def title(self, obj: Tag) -> str:  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return f"{settings.SITE_NAME} · {obj.name}"

    def link(self, obj: Tag) -> str:  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return obj.get_absolute_url()

    def items(self, obj: Tag):  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return _public_posts().filter(tags=obj).order_by("-published_at")[:FEED_SIZE]
