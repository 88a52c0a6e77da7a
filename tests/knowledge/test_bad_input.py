"""The Big List of Naughty Strings through knowledge's writes and pages: never a 500, stored
as written (trimmed), shown escaped, and glossary tooltips that never let markup through."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kakehashi.knowledge import glossary, services
from kakehashi.knowledge.models import Agreement, Term

from ..api import api_url, bearer_client, json_request
from ..corpora import blns
from ..factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_blns_agreements_through_the_api_never_500_and_the_timeline_shows_them_escaped(client):
    api = bearer_client(StaffFactory())
    created = 0
    for text in blns():
        body = {
            "kind": "initiative", "date": "2021-04-27", "parties": text[:200], "title_en": text[:200], "summary_en": text[:1000],
            "sources": [{"url": "https://www.meti.go.jp/", "label": text[:200]}],
        }
        response = json_request(api, "post", api_url("knowledge/agreements"), body)

        assert response.status_code in (201, 400, 422), text
        created += response.status_code == 201
    html = client.get("/knowledge/agreements/").content.decode()

    assert created > 400
    assert "<script>alert(0)</script>" not in html and "&lt;script&gt;alert(0)&lt;/script&gt;" in html
    for agreement in Agreement.objects.filter(title_en__contains="<script>")[:5]:
        assert client.get(agreement.get_absolute_url()).status_code == 200


def test_blns_terms_are_stored_or_refused_and_never_break_the_tooltips():
    staff = StaffFactory()
    for text in blns():
        with contextlib.suppress(ValidationError):  # a duplicate (ignoring case), or empty once trimmed
            glossary.create_term(staff, en=text[:120])

    for text in blns():
        html = glossary.annotate(f"{text} JLPT {text}", "ja")
        assert "<script" not in html and "<img" not in html, text
    assert Term.objects.count() > 400


def test_a_blns_string_as_a_tag_reference_is_a_clear_error():
    staff = StaffFactory()
    agreement = services.create_agreement(
        staff, kind="memorandum", date=dt.date(2021, 1, 18), parties="India, Japan", title_en="SSW",
        summary_en="x", sources=[{"url": "https://pib.gov.in/"}],
    )
    for text in blns():
        with pytest.raises(ValidationError):
            services.tag_item(staff, agreement, "session", text)
