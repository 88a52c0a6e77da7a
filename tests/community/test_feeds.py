import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from ..factories import PostFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_lists_public_published_posts_only(client):
    PostFactory(title="Public write-up")
    PostFactory(title="Members only", visibility="members")
    PostFactory(title="Draft", published_at=None)
    PostFactory(title="Tomorrow", published_at=timezone.now() + timezone.timedelta(days=1))

    response = client.get("/community/feed/rss/")

    root = ET.fromstring(response.content)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert [item.findtext("title") for item in root.iter("item")] == ["Public write-up"]


def test_atom_feed_carries_the_sanitised_html_and_the_tag_feed_filters(client):
    from kakehashi.community import services

    from ..factories import UserFactory

    author = UserFactory()
    services.create_post(author, title="On AI", body="**AI** <script>x</script>", language="en", tags=["AI"])
    services.create_post(author, title="On textiles", body="cloth", language="en", tags=["Textiles"])

    everything = ET.fromstring(client.get("/community/feed/atom/").content)
    ai = ET.fromstring(client.get("/community/tags/ai/atom/").content)

    assert sorted(e.findtext(f"{ATOM}title") for e in everything.iter(f"{ATOM}entry")) == ["On AI", "On textiles"]
    assert [e.findtext(f"{ATOM}title") for e in ai.iter(f"{ATOM}entry")] == ["On AI"]
    summary = next(ai.iter(f"{ATOM}entry")).findtext(f"{ATOM}summary")
    assert summary == "<p><strong>AI</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"


def test_feed_of_an_unknown_tag_is_404(client):
    assert client.get("/community/tags/nothing/atom/").status_code == 404
