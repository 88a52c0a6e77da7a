"""The Big List of Naughty Strings through knowledge's writes and pages: never a 500, stored
as written (trimmed), shown escaped, and glossary tooltips that never let markup through.
Every string goes through the API's input schema and the services; a few of every category
(blns_sample) through the whole request."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kakehashi.knowledge import glossary, services
from kakehashi.knowledge.models import Agreement, Term

from ..api import api_url, bearer_client, json_request
from ..corpora import blns, blns_sample
from ..factories import StaffFactory

pytestmark = pytest.mark.django_db


def agreement_body(text: str) -> dict:
    return {
        "kind": "initiative", "date": "2021-04-27", "parties": text[:200], "title_en": text[:200], "summary_en": text[:1000],
        "sources": [{"url": "https://www.meti.go.jp/", "label": text[:200]}],
    }


def test_blns_every_string_as_an_agreement_is_stored_or_refused_by_the_schema_and_the_service():
    from pydantic import ValidationError as SchemaError

    from kakehashi.knowledge.api import AgreementIn, _fields

    staff = StaffFactory()
    created = 0
    for text in blns():
        try:
            fields = _fields(AgreementIn.model_validate(agreement_body(text)), partial=False)
            services.create_agreement(staff, **fields)
            created += 1
        except (SchemaError, ValidationError):  # a 422 or a 400 through the API
            pass

    assert created > 400


def test_blns_agreements_through_the_api_never_500_and_the_timeline_shows_them_escaped(client):
    api = bearer_client(StaffFactory())
    created = 0
    for text in blns_sample():
        response = json_request(api, "post", api_url("knowledge/agreements"), agreement_body(text))

        assert response.status_code in (201, 400, 422), text
        created += response.status_code == 201
    html = client.get("/knowledge/agreements/").content.decode()

    assert created == len(blns_sample())
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
