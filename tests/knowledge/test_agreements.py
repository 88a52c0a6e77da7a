"""The agreements timeline: seeded facts, staff writes (sources required, no future date for a
signed agreement), tagging sessions/opportunities/posts, and the "Part of" box on their pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from kakehashi.core.models import AuditEntry
from kakehashi.knowledge import queries, services
from kakehashi.knowledge.models import Agreement, ItemLink

from ..factories import (
    AgreementFactory,
    EventSessionFactory,
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    PostFactory,
    SeriesFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SOURCE = [{"url": "https://www.meti.go.jp/english/press/2018/1029_003.html", "label": "METI"}]


def _fields(**overrides):
    return {
        "kind": "memorandum", "date": dt.date(2022, 3, 19), "signed": True, "parties": "India, Japan",
        "title_en": "Clean Energy Partnership", "title_ja": "クリーンエネルギー・パートナーシップ", "title_hi": "",
        "summary_en": "Cooperation in clean energy.", "summary_ja": "", "summary_hi": "", "sources": SOURCE,
    } | overrides


@pytest.fixture
def staff():
    return StaffFactory()


# --- seeded facts ---------------------------------------------------------------------------


def test_the_four_agreements_are_seeded_by_the_migration_with_dated_sources():
    seeded = {a.slug: a for a in Agreement.objects.all()}

    assert {
        "india-japan-digital-partnership": dt.date(2018, 10, 29),
        "india-japan-ict-memorandum-5g": dt.date(2021, 1, 15),
        "specified-skilled-worker-memorandum": dt.date(2021, 1, 18),
        "supply-chain-resilience-initiative": dt.date(2021, 4, 27),
    } == {slug: a.date for slug, a in seeded.items()}
    for agreement in seeded.values():
        assert agreement.sources and all(s["url"].startswith("https://") and s["checked_on"] == "2026-12-07" for s in agreement.sources)
        assert agreement.title_ja and agreement.title_hi and agreement.summary_ja and agreement.summary_hi


def test_timeline_is_newest_first():
    assert [a.slug for a in queries.timeline()][:2] == ["supply-chain-resilience-initiative", "specified-skilled-worker-memorandum"]


# --- staff writes ---------------------------------------------------------------------------


def test_staff_create_an_agreement_with_a_slug_an_audit_entry_and_the_source_checked_today(staff):
    agreement = services.create_agreement(staff, **_fields())

    assert agreement.slug == "clean-energy-partnership"
    assert agreement.sources == [{"url": SOURCE[0]["url"], "label": "METI", "checked_on": timezone.localdate().isoformat()}]
    assert AuditEntry.objects.filter(action="knowledge.agreement_created", target_id=str(agreement.pk)).count() == 1


def test_create_refuses_an_agreement_without_a_source(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_agreement(staff, **_fields(sources=[]))

    assert exc.value.message_dict == {"sources": ["Give at least one official source."]}


@pytest.mark.parametrize("url", ["http://www.mea.gov.in/", "javascript:alert(1)", "not a url", "https://x\x00.example/"])
def test_create_refuses_a_source_that_is_not_an_https_address(staff, url):
    with pytest.raises(ValidationError) as exc:
        services.create_agreement(staff, **_fields(sources=[{"url": url}]))

    assert exc.value.message_dict == {"sources": ["Each source must be an https:// address."]}


def test_create_refuses_a_signed_agreement_dated_in_the_future(staff):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as exc:
        services.create_agreement(staff, **_fields(date=tomorrow))

    assert exc.value.message_dict == {"date": ["A signed agreement's date cannot be in the future."]}


def test_an_announced_agreement_may_be_dated_in_the_future(staff):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    assert services.create_agreement(staff, **_fields(date=tomorrow, signed=False)).date == tomorrow


def test_create_keeps_hostile_text_as_plain_text(staff):
    title = "<script>alert(1)</script> 'Ω' 𝕿𝖍𝖊 ‮ .̶̶̶"

    agreement = services.create_agreement(staff, **_fields(title_en=title))

    assert Agreement.objects.get(pk=agreement.pk).title_en == title


@pytest.mark.parametrize("user", [None, "member", "other_org_member", "pending"])
def test_only_staff_create_agreements(user):
    who = {
        None: None,
        "member": MembershipFactory().user,
        "other_org_member": MembershipFactory(organisation=OrganisationFactory()).user,
        "pending": UserFactory(approval_status="pending"),
    }[user]
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.create_agreement(who or AnonymousUser(), **_fields())
    assert not Agreement.objects.filter(title_en="Clean Energy Partnership").exists()


def test_update_keeps_the_slug_and_the_date_a_kept_source_was_checked(staff):
    agreement = AgreementFactory(slug="clean-energy", sources=[{"url": "https://www.mea.gov.in/", "label": "MEA", "checked_on": "2026-12-07"}])

    services.update_agreement(staff, agreement, title_en="Renamed", sources=[
        {"url": "https://www.mea.gov.in/", "label": "MEA", "checked_on": "2026-12-07"}, {"url": "https://www.mofa.go.jp/"},
    ])

    agreement.refresh_from_db()
    assert (agreement.slug, agreement.title_en) == ("clean-energy", "Renamed")
    assert [s["checked_on"] for s in agreement.sources] == ["2026-12-07", timezone.localdate().isoformat()]


# --- tagging ----------------------------------------------------------------------------------


def test_staff_tag_a_session_an_opportunity_and_a_post_once_each(staff):
    agreement = AgreementFactory()
    session, opportunity, post = EventSessionFactory(), OpportunityFactory(), PostFactory()

    services.tag_item(staff, agreement, "session", session.slug)
    services.tag_item(staff, agreement, "session", session.slug)
    services.tag_item(staff, agreement, "opportunity", opportunity.reference)
    services.tag_item(staff, agreement, "post", post.slug)

    assert sorted(ItemLink.objects.values_list("kind", "object_id")) == sorted(
        [("session", session.pk), ("opportunity", opportunity.pk), ("post", post.pk)]
    )


@pytest.mark.parametrize(("kind", "reference", "field"), [
    ("session", "no-such-session", "reference"), ("thread", "x", "kind"), ("post", "", "reference"), ("post", "a\x00b", "reference"),
])
def test_tag_refuses_an_unknown_item(staff, kind, reference, field):
    with pytest.raises(ValidationError) as exc:
        services.tag_item(staff, AgreementFactory(), kind, reference)

    assert list(exc.value.message_dict) == [field]


def test_only_staff_tag_items():
    session = EventSessionFactory()

    with pytest.raises(PermissionDenied):
        services.tag_item(MembershipFactory().user, AgreementFactory(), "session", session.slug)
    assert not ItemLink.objects.exists()


def test_tagged_items_show_only_what_the_viewer_may_see(staff):
    agreement = AgreementFactory()
    organiser = MembershipFactory(role="owner")
    hidden = EventSessionFactory(series=SeriesFactory(organisation=organiser.organisation), published=False, title="Draft session")
    shown = EventSessionFactory(title="Open session")
    for session in (hidden, shown):
        services.tag_item(staff, agreement, "session", session.slug)
    other_org_member = MembershipFactory().user

    assert [t["title"] for t in queries.tagged_items(agreement, other_org_member)] == ["Open session"]
    assert [t["title"] for t in queries.tagged_items(agreement, organiser.user)] == ["Draft session", "Open session"]


# --- pages ----------------------------------------------------------------------------------


def test_timeline_page_lists_agreements_in_the_visitors_language(client):
    with translation.override("ja"):
        response = client.get("/knowledge/agreements/", HTTP_ACCEPT_LANGUAGE="ja")

    body = response.content.decode()
    assert response.status_code == 200
    assert "日印デジタル・パートナーシップ" in body
    assert 'href="https://www.meti.go.jp/english/press/2018/1029_003.html"' in body


def test_agreement_page_escapes_hostile_text(client):
    AgreementFactory(slug="hostile", title_en="<img src=x onerror=alert(1)>")

    body = client.get("/knowledge/agreements/hostile/").content.decode()

    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_unknown_agreement_is_404(client):
    assert client.get("/knowledge/agreements/no-such-thing/").status_code == 404


def test_session_page_shows_part_of_links_to_its_agreements(client, staff):
    session = EventSessionFactory()
    services.tag_item(staff, Agreement.objects.get(slug="india-japan-digital-partnership"), "session", session.slug)

    body = client.get(f"/events/sessions/{session.slug}/").content.decode()

    assert 'Part of: <a href="/knowledge/agreements/india-japan-digital-partnership/">India–Japan Digital Partnership</a>' in body


def test_opportunity_and_post_pages_show_part_of(client, staff):
    opportunity, post = OpportunityFactory(), PostFactory()
    agreement = Agreement.objects.get(slug="supply-chain-resilience-initiative")
    services.tag_item(staff, agreement, "opportunity", opportunity.reference)
    services.tag_item(staff, agreement, "post", post.slug)

    for url in (f"/opportunities/{opportunity.reference}/", f"/community/posts/{post.slug}/"):
        assert 'href="/knowledge/agreements/supply-chain-resilience-initiative/"' in client.get(url).content.decode(), url


def test_an_untagged_session_page_has_no_part_of_box(client):
    session = EventSessionFactory()

    assert "part-of" not in client.get(f"/events/sessions/{session.slug}/").content.decode()


def test_staff_add_an_agreement_with_the_form(client, staff):
    client.force_login(staff)

    response = client.post("/knowledge/agreements/new/", {
        "kind": "initiative", "date": "2023-03-20", "signed": "on", "parties": "India, Japan", "title_en": "Pilot initiative",
        "summary_en": "A pilot.", "sources_text": "https://www.mofa.go.jp/ MOFA",
    })

    agreement = Agreement.objects.get(title_en="Pilot initiative")
    assert response.status_code == 302 and response["Location"] == "/knowledge/agreements/pilot-initiative/"
    assert agreement.sources == [{"url": "https://www.mofa.go.jp/", "label": "MOFA", "checked_on": timezone.localdate().isoformat()}]


def test_the_form_shows_the_missing_source_error(client, staff):
    client.force_login(staff)

    response = client.post("/knowledge/agreements/new/", {
        "kind": "initiative", "date": "2023-03-20", "parties": "India, Japan", "title_en": "Pilot", "summary_en": "A pilot.",
        "sources_text": "  \n ",
    })

    assert response.status_code == 400
    assert not Agreement.objects.filter(title_en="Pilot").exists()


def test_staff_tag_a_session_from_the_agreement_page_and_remove_the_tag(client, staff):
    session = EventSessionFactory()
    client.force_login(staff)

    tagged = client.post("/knowledge/agreements/specified-skilled-worker-memorandum/tag/", {"kind": "session", "reference": session.slug})
    link = ItemLink.objects.get()
    removed = client.post(f"/knowledge/agreements/specified-skilled-worker-memorandum/links/{link.pk}/delete/")

    assert tagged.status_code == 302 and removed.status_code == 302
    assert not ItemLink.objects.exists()


def test_tagging_an_unknown_item_shows_the_error(client, staff):
    client.force_login(staff)

    response = client.post("/knowledge/agreements/specified-skilled-worker-memorandum/tag/", {"kind": "session", "reference": "nope"})

    assert response.status_code == 400
    assert "No such item" in response.content.decode()


STAFF_PAGES = [
    ("get", "/knowledge/agreements/new/"),
    ("post", "/knowledge/agreements/new/"),
    ("get", "/knowledge/agreements/india-japan-digital-partnership/edit/"),
    ("post", "/knowledge/agreements/india-japan-digital-partnership/edit/"),
    ("post", "/knowledge/agreements/india-japan-digital-partnership/tag/"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_a_stranger_is_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["non_member", "other_org_member"])
@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_members_and_non_members_may_not_write(client, who, method, url):
    user = UserFactory() if who == "non_member" else MembershipFactory(organisation=OrganisationFactory()).user
    client.force_login(user)

    response = getattr(client, method)(url, {"kind": "session", "reference": EventSessionFactory().slug})

    assert response.status_code == 403
    assert not ItemLink.objects.exists()


def test_a_member_may_not_remove_a_tag(client, staff):
    agreement = AgreementFactory()
    link = services.tag_item(staff, agreement, "session", EventSessionFactory().slug)
    client.force_login(MembershipFactory().user)

    assert client.post(f"/knowledge/agreements/{agreement.slug}/links/{link.pk}/delete/").status_code == 403
    assert ItemLink.objects.filter(pk=link.pk).exists()


def test_members_see_no_staff_controls(client):
    client.force_login(MembershipFactory().user)

    body = client.get("/knowledge/agreements/india-japan-digital-partnership/").content.decode()

    assert "tag-form" not in body and "/edit/" not in body
