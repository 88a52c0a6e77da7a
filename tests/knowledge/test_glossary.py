"""The glossary: seeded terms, staff writes refusing duplicates in any language, the public
page, CSV/TSV export, terms explained in opportunity texts (escaped), and its API."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kakehashi.knowledge import glossary
from kakehashi.knowledge.models import Term

from ..api import FORBIDDEN, UNAUTHENTICATED, api_url, bearer_client, json_request
from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def test_fifteen_terms_are_seeded_in_three_languages():
    ssw = Term.objects.get(en="Specified Skilled Worker")

    assert Term.objects.count() == 15
    assert (ssw.ja, ssw.hi) == ("特定技能", "विशिष्ट कुशल श्रमिक")
    assert not Term.objects.filter(ja="").exists() and not Term.objects.filter(hi="").exists()


def test_staff_add_a_term(staff):
    term = glossary.create_term(staff, en="Co-creation", ja="共創", hi="सह-सृजन", definition_en="Creating together.")

    assert Term.objects.get(pk=term.pk).ja == "共創"


@pytest.mark.parametrize(("field", "value"), [("en", "joint VENTURE"), ("ja", "合弁"), ("hi", "संयुक्त उद्यम"), ("en", " 特定技能 ")])
def test_a_term_already_in_the_glossary_is_refused_with_a_clear_error(staff, field, value):
    fields = {"en": "Something new", "ja": "", "hi": ""} | {field: value}

    with pytest.raises(ValidationError) as exc:
        glossary.create_term(staff, **fields)

    [(name, [message])] = exc.value.message_dict.items()
    assert name == field and "is already in the glossary" in message
    assert Term.objects.count() == 15


def test_editing_a_term_may_keep_its_own_names(staff):
    term = Term.objects.get(en="JLPT")

    glossary.update_term(staff, term, en="JLPT", definition_en="The Japanese-Language Proficiency Test.")

    assert Term.objects.get(pk=term.pk).definition_en == "The Japanese-Language Proficiency Test."


def test_only_staff_write_terms():
    with pytest.raises(PermissionDenied):
        glossary.create_term(MembershipFactory().user, en="Co-creation")
    assert not Term.objects.filter(en="Co-creation").exists()


def test_annotate_wraps_terms_in_any_language_and_escapes_the_rest():
    html = glossary.annotate('<b>"x"</b> We hire Specified Skilled Worker candidates; 特定技能 and JLPT N2.', "en")

    assert html.startswith("&lt;b&gt;&quot;x&quot;&lt;/b&gt; We hire <abbr class=\"term\" title=\"Specified Skilled Worker / 特定技能 / विशिष्ट कुशल श्रमिक: ")
    assert html.count('<abbr class="term"') == 3
    assert ">特定技能</abbr>" in html and ">JLPT</abbr> N2." in html


def test_annotate_matches_english_terms_as_whole_words_only():
    assert "<abbr" not in glossary.annotate("SMEs and TRLs and a controller", "en")
    assert glossary.annotate("an sme", "en").count("<abbr") == 1


def test_a_term_that_looks_like_markup_stays_text(staff):
    glossary.create_term(staff, en='<img src=x onerror="alert(1)">', definition_en='"><script>alert(2)</script>')

    html = glossary.annotate('see <img src=x onerror="alert(1)"> here', "en")

    assert "<img" not in html and "<script>" not in html
    assert html.count("<abbr") == 1


def test_opportunity_page_explains_glossary_terms_in_its_summary(client):
    opportunity = OpportunityFactory(summary="Nursing care employer hiring Specified Skilled Worker candidates with JLPT N4.")

    with translation.override("en"):
        body = client.get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert '<abbr class="term" title="JLPT / 日本語能力試験 / जापानी भाषा प्रवीणता परीक्षा: Japanese-Language Proficiency Test, from N5 (basic) to N1 (advanced).">JLPT</abbr>' in body


def test_glossary_page_lists_the_terms(client):
    body = client.get("/knowledge/glossary/").content.decode()

    assert "विशिष्ट कुशल श्रमिक" in body and "技能実習" in body


def test_csv_export_has_a_header_and_every_term(client):
    response = client.get("/knowledge/glossary.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == ["en", "ja", "hi", "definition_en", "definition_ja", "definition_hi"]
    assert len(rows) == 16 and ["Joint venture", "合弁", "संयुक्त उद्यम"] in [r[:3] for r in rows]


def test_tsv_export_keeps_one_line_per_term_whatever_the_text(client, staff):
    glossary.create_term(staff, en="Tab\tterm", definition_en="line one\nline two")

    lines = client.get("/knowledge/glossary.tsv").content.decode("utf-8").splitlines()

    assert len(lines) == 17 and all(len(line.split("\t")) == 6 for line in lines)
    assert "Tab term\t\t\tline one line two\t\t" in lines


def test_the_term_form_shows_the_duplicate_error(client, staff):
    client.force_login(staff)

    response = client.post("/knowledge/glossary/new/", {"en": "Memorandum of Understanding"})

    assert response.status_code == 400
    assert "is already in the glossary" in response.content.decode()


@pytest.mark.parametrize("url", ["/knowledge/glossary/new/", "/knowledge/glossary/1/edit/"])
def test_a_stranger_is_sent_to_sign_in_and_members_are_refused(client, url):
    assert client.post(url, {"en": "X"})["Location"].startswith("/accounts/login/")
    for user in (UserFactory(approval_status="pending"), MembershipFactory(organisation=OrganisationFactory()).user):
        client.force_login(user)
        assert client.post(url, {"en": "X"}).status_code == 403
    assert not Term.objects.filter(en="X").exists()


# --- API --------------------------------------------------------------------------------------


def test_anyone_reads_the_glossary_api():
    body = bearer_client(None).get(api_url("knowledge/glossary")).json()

    assert len(body) == 15 and {"id", "en", "ja", "hi", "definition"} <= set(body[0])


def test_staff_add_a_term_by_api_and_a_duplicate_is_a_400():
    client = bearer_client(StaffFactory())

    added = json_request(client, "post", api_url("knowledge/glossary"), {"en": "Co-creation", "ja": "共創"})
    again = json_request(client, "post", api_url("knowledge/glossary"), {"en": "co-creation"})

    assert added.status_code == 201 and added.json()["ja"] == "共創"
    assert again.status_code == 400 and again.json()["detail"][0]["loc"] == ["body", "en"]


@pytest.mark.parametrize("body", [{"en": ""}, {"en": "x" * 121}, {"en": "a\x00b"}, {}])
def test_a_bad_term_is_a_422(body):
    response = json_request(bearer_client(StaffFactory()), "post", api_url("knowledge/glossary"), body)

    assert response.status_code == 422


def test_staff_change_a_term_by_api_and_an_unknown_one_is_a_404():
    client = bearer_client(StaffFactory())
    term = Term.objects.get(en="TRL")

    changed = json_request(client, "patch", api_url(f"knowledge/glossary/{term.pk}"), {"definition_ja": "技術成熟度レベル"})
    missing = json_request(client, "patch", api_url("knowledge/glossary/999999"), {"ja": "x"})

    assert changed.status_code == 200 and changed.json()["definition"]["ja"] == "技術成熟度レベル"
    assert missing.status_code == 404


@pytest.mark.parametrize(("method", "path"), [("post", "knowledge/glossary"), ("patch", "knowledge/glossary/1")])
def test_only_staff_write_terms_by_api(method, path):
    assert json_request(bearer_client(None), method, api_url(path), {"en": "X"}).json() == UNAUTHENTICATED
    for user in (UserFactory(approval_status="pending"), MembershipFactory().user, MembershipFactory(organisation=OrganisationFactory()).user):
        response = json_request(bearer_client(user), method, api_url(path), {"en": "X"})
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert not Term.objects.filter(en="X").exists()
