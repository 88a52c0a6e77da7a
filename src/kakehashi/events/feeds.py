"""RSS 2.0 and Atom feeds of published sessions: all of them, and per series. The calendar
(ICS) feeds are in views/public.py."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import mails, queries
from .models import Series, Session

FEED_SIZE = 50


class SessionsRss(Feed):
    permission = "public"
    description = gettext_lazy("Digital sessions, workshops and meetings of the India–Japan partnership.")

    def title(self) -> str:
        return f"{settings.SITE_NAME} · {_('Events')}"

    def link(self) -> str:
        return "/events/"

    def items(self):
        return queries.public_sessions().order_by("-starts_at")[:FEED_SIZE]

    def item_title(self, item: Session) -> str:
        return item.title

    def item_description(self, item: Session) -> str:
        when = " · ".join(f"{label} {start}–{end}" for label, start, end in mails.times(item, None, human=False))
        return format_html("<p>{}</p>", when) + item.abstract_html  # abstract_html was sanitised when saved

    def item_pubdate(self, item: Session):
        return item.created_at

    def item_updateddate(self, item: Session):
        return item.updated_at

    def item_categories(self, item: Session) -> list[str]:
        return [item.get_kind_display()]


class SessionsAtom(SessionsRss):
    feed_type = Atom1Feed
    subtitle = SessionsRss.description


class SeriesRss(SessionsRss):
    def get_object(self, request, slug: str) -> Series:
        return queries.series_for(slug)

    def title(self, obj: Series) -> str:  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return f"{settings.SITE_NAME} · {obj.title}"

    def link(self, obj: Series) -> str:  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return obj.get_absolute_url()

    def description(self, obj: Series) -> str:  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return obj.description[:300] or str(SessionsRss.description)

    def items(self, obj: Series):  # type: ignore[override]  # Django's Feed passes the object to these on a per-object feed
        return queries.public_sessions().filter(series=obj).order_by("-starts_at")[:FEED_SIZE]


class SeriesAtom(SeriesRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: Series) -> str:
        return self.description(obj)
