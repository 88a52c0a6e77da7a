"""Opportunity pages: who may open each of them (a matrix over every URL), the search page's
filters, the form, the owner's and staff's actions."""

import re

import pytest
from django.urls import get_resolver

from kakehashi.core.dates import format_day
from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Opportunity

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory
from .helpers import ACTORS, client_for, in_days

pytestmark = pytest.mark.django_db

LOGIN = "login"
WELCOME = "redirect:/welcome/"


def owner_only(ok=200):
    return {"visitor": LOGIN, "unapproved": WELCOME, "other_org_member": 404, "member": ok, "staff": 404}


def staff_only(ok=200):
    return {"visitor": LOGIN, "unapproved": 403, "other_org_member": 403, "member": 403, "staff": ok}


def insiders():
    """The owning organisation and staff; 404 for everyone else."""
    return {"visitor": 404, "unapproved": 404, "other_org_member": 404, "member": 200, "staff": 200}


EVERYONE = dict.fromkeys(ACTORS, 200)
APPROVED = {"visitor": 404, "unapproved": 404, "other_org_member": 200, "member": 200, "staff": 200}

ROWS = [
    # (method, path, {actor: status, LOGIN or "redirect:<url>"})
    ("get", "/opportunities/", EVERYONE),
    ("get", "/opportunities/new/", {**owner_only(), "other_org_member": 200, "staff": 403}),
    ("get", "/opportunities/mine/", {**owner_only(), "other_org_member": 200, "staff": 200}),
    ("get", "/opportunities/review/", staff_only()),
    ("get", "/opportunities/{public}/", EVERYONE),
    ("get", "/opportunities/{members}/", APPROVED),
    ("get", "/opportunities/{anonymous}/", APPROVED),
    ("get", "/opportunities/{draft}/", insiders()),
    ("get", "/opportunities/{submitted}/", insiders()),
    ("get", "/opportunities/{returned}/", insiders()),
    ("get", "/opportunities/{expired}/", insiders()),
    ("get", "/opportunities/{closed}/", insiders()),
    ("get", "/opportunities/{past_date}/", insiders()),
    ("get", "/opportunities/KK-00000000/", dict.fromkeys(ACTORS, 404)),
    ("get", "/opportunities/{draft}/edit/", owner_only()),
    ("get", "/opportunities/{public}/renew/", owner_only()),
    ("get", "/opportunities/{public}/close/", owner_only()),
    ("post", "/opportunities/new/", {**owner_only(302), "other_org_member": 302, "staff": 403}),
    ("post", "/opportunities/{draft}/edit/", owner_only(302)),
    ("post", "/opportunities/{draft}/submit/", owner_only(302)),
    ("post", "/opportunities/{public}/renew/", owner_only(302)),
    ("post", "/opportunities/{public}/close/", owner_only(302)),
    ("post", "/opportunities/{submitted}/approve/", staff_only(302)),
    ("post", "/opportunities/{submitted}/return/", staff_only(302)),
    ("get", "/opportunities/{draft}/submit/", dict.fromkeys(ACTORS, 405)),
    ("get", "/opportunities/{submitted}/approve/", dict.fromkeys(ACTORS, 405)),
    ("get", "/opportunities/{submitted}/return/", dict.fromkeys(ACTORS, 405)),
]


def form_data(**overrides) -> dict:
    data = {
        "kind": "sourcing_request", "title": "Sourcing gear blanks", "summary": "Forged gear blanks, 10,000 a month.",
        "details": "", "language": "", "sectors": ["29"], "target_countries": ["IN"], "trl": "", "company_stage": "",
        "ticket_min_usd": "", "ticket_max_usd": "", "visibility": "members", "expires_on": in_days(90).isoformat(),
        "notify_matches": "on",
    }
    data.update(overrides)
    return data


def fill(path: str, world) -> str:
    refs = {name: getattr(world, name).reference for name in (
        "public", "members", "anonymous", "draft", "submitted", "returned", "expired", "closed", "past_date"
    )}
    return path.format(**refs)


@pytest.mark.parametrize(("method", "path", "expected"), ROWS, ids=[f"{m} {p}" for m, p, _ in ROWS])
@pytest.mark.parametrize("actor", ACTORS)
def test_opportunity_pages_permission_matrix(world, method, path, expected, actor):
    url = fill(path, world)
    client = client_for(world.actors[actor])
    if actor == "other_org_member" and url == "/opportunities/new/":
        data = {**form_data(), "organisation": world.actors[actor].memberships.get().organisation_id}
    else:
        data = {**form_data(), "organisation": world.org_a.pk, "expires_on": in_days(200).isoformat(),
                "outcome": "meeting_held", "comment": "Add the capacity."}
    before = {o.pk: (o.status, o.title, o.expires_on) for o in Opportunity.objects.all()}

    response = getattr(client, method)(url, data if method == "post" else None)

    want = expected[actor]
    if want == LOGIN:
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    elif isinstance(want, str):
        assert (response.status_code, response["Location"]) == (302, want.split(":", 1)[1])
    else:
        assert response.status_code == want
    if method == "post" and want != 302:
        after = {o.pk: (o.status, o.title, o.expires_on) for o in Opportunity.objects.all()}
        assert after == before


def test_opportunity_permission_matrix_covers_every_url_of_the_app():
    resolver = get_resolver().namespace_dict["opportunities"][1]
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}
    tested = {"list", "create", "mine", "review_queue", "detail", "edit", "submit", "renew", "close", "approve", "return"}
    # The interest and programme pages have their own matrices (test_interest*, test_programme*).
    from kakehashi.opportunities import urls

    own = {p.name for p in urls.urlpatterns if p.callback.__module__.startswith("kakehashi.opportunities.views")}
    # The match-card actions and the saved matches have theirs in matches/test_match_feedback.py.
    match_pages = {p.name for p in urls.urlpatterns if p.callback.__module__ == "kakehashi.opportunities.views.matches"}

    assert match_pages == {"match_interest", "match_save", "match_unsave", "match_dismiss", "match_restore", "saved_matches"}
    assert own - match_pages == tested
    assert tested <= names


# --- the search page -------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    india = OrganisationFactory(name="Chennai Gears", country="IN")
    japan = OrganisationFactory(name="Hamamatsu Works", country="JP", region_code="JP-22", city="Hamamatsu")
    return {
        "machining": OpportunityFactory(organisation=india, title="Machining capacity", target_countries=["JP"]),
        "sourcing": OpportunityFactory(organisation=japan, kind="sourcing_request", title="精密部品の調達", language="ja", target_countries=["IN"]),
        "seed": OpportunityFactory(organisation=india, kind="investment_sought", title="Seed round for EV chargers",
                                   company_stage="seed", ticket_min_usd=1, ticket_max_usd=2, sectors=["27"]),
        "pharma": OpportunityFactory(organisation=japan, kind="academic_collaboration", title="API synthesis research",
                                     sectors=["21"], target_countries=["IN", "SG"]),
        "members": OpportunityFactory(organisation=japan, title="Members-only offer", visibility="members"),
        "draft": OpportunityFactory(organisation=india, title="A draft", status="draft"),
        "past": OpportunityFactory(organisation=india, title="Past its date", expires_on=in_days(-1)),
    }


def titles(response) -> list[str]:
    return sorted(o.title for o in response.context["opportunities"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["API synthesis research", "Machining capacity", "Seed round for EV chargers", "精密部品の調達"]),
        ("?kind=sourcing_request", ["精密部品の調達"]),
        ("?aim=investment", ["Seed round for EV chargers"]),
        ("?aim=research&kind=", ["API synthesis research"]),
        ("?sector=21", ["API synthesis research"]),
        ("?sector=C", ["API synthesis research", "Machining capacity", "Seed round for EV chargers", "精密部品の調達"]),
        ("?country=JP", ["API synthesis research", "精密部品の調達"]),
        ("?target_country=SG", ["API synthesis research"]),
        ("?target_country=IN", ["API synthesis research", "精密部品の調達"]),
        ("?stage=seed", ["Seed round for EV chargers"]),
        ("?kind=nonsense&country=XX&stage=%00", ["API synthesis research", "Machining capacity", "Seed round for EV chargers", "精密部品の調達"]),
    ],
)
def test_search_page_filters_for_a_visitor(client, catalogue, query, expected):
    response = client.get(f"/opportunities/{query}")

    assert response.status_code == 200
    assert titles(response) == expected


def test_search_page_shows_members_only_opportunities_to_approved_members(client, catalogue, member):
    client.force_login(member)

    response = client.get("/opportunities/?country=JP")

    assert titles(response) == ["API synthesis research", "Members-only offer", "精密部品の調達"]


def test_search_page_paginates_twenty_a_page(client, org_a):
    for _ in range(21):
        OpportunityFactory(organisation=org_a)

    first = client.get("/opportunities/")
    second = client.get("/opportunities/?page=2")

    assert (len(first.context["opportunities"]), len(second.context["opportunities"])) == (20, 1)
    assert 'href="?&amp;page=2" rel="next"' in first.content.decode()


def test_search_page_lists_with_a_bounded_number_of_queries(client, org_a, django_assert_max_num_queries):
    for _ in range(20):
        OpportunityFactory(organisation=org_a, visibility="anonymous")

    with django_assert_max_num_queries(12):
        response = client.get("/opportunities/")

    assert response.status_code == 200


def test_search_page_with_a_text_query_answers(client, catalogue):
    # Ranking is the matching engine's (tested there); this page must only never fail.
    response = client.get("/opportunities/?q=synthesis&country=JP")

    assert response.status_code == 200


def test_search_card_shows_kind_aim_country_sectors_and_expiry(client, catalogue):
    html = client.get("/opportunities/?kind=manufacturing_offer").content.decode()

    assert "Manufacturing capacity offer" in html and "Co-production" in html
    assert "Chennai Gears" in html and "India" in html
    assert "29 · Manufacture of motor vehicles, trailers and semi-trailers" in html
    assert f"Open until {format_day(catalogue['machining'].expires_on, 'en')}" in html


# --- the form -----------------------------------------------------------------------------


def test_member_writes_a_draft_and_the_language_is_detected(client, member, org_a):
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(
        organisation=org_a.pk, title="精密鍛造ギアブランクの調達", summary="月産1万個の鍛造ギアブランクを探しています。",
    ))

    opportunity = Opportunity.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/opportunities/{opportunity.reference}/")
    assert (opportunity.status, opportunity.language, opportunity.organisation, opportunity.created_by) == (
        "draft", "ja", org_a, member
    )


def test_save_and_submit_sends_a_complete_draft_to_review(client, member, org_a):
    client.force_login(member)

    client.post("/opportunities/new/", form_data(organisation=org_a.pk, then="submit"))

    assert Opportunity.objects.get().status == "submitted"


def test_save_and_submit_without_a_trl_saves_nothing_and_shows_the_error_by_the_field(client, member, org_a):
    """Regression: it used to save a draft, redirect and say why in a flash message only."""
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(organisation=org_a.pk, kind="technology_request", then="submit"))

    assert response.status_code == 400
    assert Opportunity.objects.count() == 0
    assert response.context["form"].errors == {
        "__all__": ["Not submitted and not saved: complete the fields marked below, or save a draft."],
        "trl": ["Give the technology readiness level (1–9)."],
    }
    assert 'id="id_trl_errors"' in response.content.decode()


def test_save_and_submit_of_an_incomplete_draft_being_edited_leaves_it_unchanged(client, member, org_a):
    draft = OpportunityFactory(organisation=org_a, kind="technology_request", trl=None, title="Old title", status="draft", published_at=None)
    client.force_login(member)

    response = client.post(f"/opportunities/{draft.reference}/edit/", form_data(kind="technology_request", title="New title", then="submit"))

    draft.refresh_from_db()
    assert (response.status_code, draft.status, draft.title) == (400, "draft", "Old title")
    assert response.context["form"].errors["trl"] == ["Give the technology readiness level (1–9)."]


def test_a_trl_of_zero_is_refused_by_the_field(client, member, org_a):
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(organisation=org_a.pk, kind="technology_request", trl="0"))

    assert response.status_code == 400
    assert response.context["form"].errors == {"trl": ["Enter a level from 1 to 9."]}
    trl_input = re.search(r'<input type="number" name="trl"[^>]*>', response.content.decode()).group()
    assert ('min="1"' in trl_input, 'max="9"' in trl_input) == (True, True)


def test_fields_of_other_kinds_are_emptied_not_refused(client, member, org_a):
    client.force_login(member)

    client.post("/opportunities/new/", form_data(
        organisation=org_a.pk, kind="business_offer", trl="4", company_stage="seed", ticket_min_usd="100", ticket_max_usd="200",
    ))

    opportunity = Opportunity.objects.get()
    assert (opportunity.kind, opportunity.trl, opportunity.company_stage, opportunity.ticket_min_usd, opportunity.ticket_max_usd) == (
        "business_offer", None, "", None, None
    )


def test_the_form_says_which_kinds_each_kind_dependent_field_applies_to(client, member):
    client.force_login(member)

    html = client.get("/opportunities/new/").content.decode()

    assert 'data-kinds="pilot_call rnd_partner technology_offer technology_request"' in html
    assert html.count('data-kinds="investment_sought investor_mandate"') == 3
    assert "(needed to submit)" in html


def test_form_errors_are_shown_on_their_fields_and_keep_detect_from_the_text(client, member, org_a):
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(
        organisation=org_a.pk, title="   ", summary="नागपुर में संतरा प्रसंस्करण के लिए साझेदार चाहिए", ticket_min_usd="100",
    ))

    assert response.status_code == 400
    assert response.context["form"].errors == {"title": ["This field is required."]}
    assert response.context["form"]["language"].value() == ""
    assert '<option value="" selected>' in response.content.decode()
    assert Opportunity.objects.count() == 0


def test_text_written_after_a_form_error_is_detected_again(client, member, org_a):
    """Regression: the form shown again used to select the language guessed from the first try."""
    client.force_login(member)
    client.cookies.load({"kakehashi_language": "ja"})
    first = client.post("/opportunities/new/", form_data(organisation=org_a.pk, title="   ", summary="Forged gear blanks."))
    resent = {**form_data(organisation=org_a.pk), "language": first.context["form"]["language"].value() or "",
              "title": "精密鍛造ギアブランクの調達", "summary": "月産1万個の鍛造ギアブランクを探しています。"}

    client.post("/opportunities/new/", resent)

    assert Opportunity.objects.get().language == "ja"


def test_service_errors_are_shown_on_the_form(client, member, org_a):
    client.force_login(member)

    response = client.post("/opportunities/new/", form_data(organisation=org_a.pk, kind="investor_mandate", ticket_min_usd="200", ticket_max_usd="100"))

    assert response.status_code == 400
    assert response.context["form"].errors == {"ticket_max_usd": ["The largest ticket must not be smaller than the smallest."]}


def test_form_refuses_an_organisation_the_member_does_not_act_for(client, member, org_a, other_org_member):
    client.force_login(member)
    other = other_org_member.memberships.get().organisation

    response = client.post("/opportunities/new/", form_data(organisation=other.pk))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["organisation"]


def test_member_of_two_organisations_chooses_which_publishes(client, member, org_a):
    second = OrganisationFactory(name="Second Works")
    MembershipFactory(user=member, organisation=second)
    client.force_login(member)

    client.post("/opportunities/new/", form_data(organisation=second.pk))

    assert Opportunity.objects.get().organisation == second


def test_edit_form_keeps_the_organisation_and_saves(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="returned", review_comment="More detail, please.")
    client.force_login(member)

    page = client.get(f"/opportunities/{opportunity.reference}/edit/")
    response = client.post(f"/opportunities/{opportunity.reference}/edit/", form_data(title="Better title", kind="manufacturing_offer"))

    assert "organisation" not in page.context["form"].fields
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.status, opportunity.organisation) == ("Better title", "returned", org_a)


def test_edit_of_a_closed_opportunity_sends_back_to_its_page(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="closed")
    client.force_login(member)

    response = client.get(f"/opportunities/{opportunity.reference}/edit/")

    assert (response.status_code, response["Location"]) == (302, f"/opportunities/{opportunity.reference}/")


# --- the opportunity page --------------------------------------------------------------------


def test_owner_sees_status_review_comments_and_actions(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="returned", review_comment="Say which alloys.")
    client.force_login(member)

    html = client.get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert "Status: Returned with comments" in html
    assert "Say which alloys." in html
    assert f'href="/opportunities/{opportunity.reference}/edit/"' in html
    assert f'action="/opportunities/{opportunity.reference}/submit/"' in html


def test_other_members_see_neither_status_nor_actions(client, other_org_member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, review_comment="internal note")
    client.force_login(other_org_member)

    html = client.get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert "Status:" not in html and "internal note" not in html
    assert f"/opportunities/{opportunity.reference}/edit/" not in html
    assert f"/opportunities/{opportunity.reference}/renew/" not in html


def test_published_page_offers_renew_and_close_to_the_owner(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    html = client.get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert f'action="/opportunities/{opportunity.reference}/renew/"' in html
    assert f'action="/opportunities/{opportunity.reference}/close/"' in html


def test_owner_actions_come_after_the_interests_and_matches(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    html = client.get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert html.index('id="interest-title"') < html.index('id="matches-heading"') < html.index('id="owner-actions-heading"')


def test_close_form_preselects_no_outcome(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    html = client.get(f"/opportunities/{opportunity.reference}/").content.decode()
    select = re.search(r'<select name="outcome".*?</select>', html, re.S).group(0)

    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [""]


def test_close_without_an_outcome_is_refused_and_keeps_it_open(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    response = client.post(f"/opportunities/{opportunity.reference}/close/", {"outcome": ""})

    opportunity.refresh_from_db()
    assert (response.status_code, opportunity.status) == (400, "published")
    assert list(response.context["close_form"].errors) == ["outcome"]


def test_owner_renews_and_closes_from_the_page(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    renewed = client.post(f"/opportunities/{opportunity.reference}/renew/", {"expires_on": in_days(300).isoformat()})
    closed = client.post(f"/opportunities/{opportunity.reference}/close/", {"outcome": "nda_signed"})

    opportunity.refresh_from_db()
    assert (renewed.status_code, closed.status_code) == (302, 302)
    assert (opportunity.expires_on, opportunity.status, opportunity.outcome) == (in_days(300), "closed", "nda_signed")


def test_renew_beyond_twelve_months_shows_the_error(client, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a)
    client.force_login(member)

    response = client.post(f"/opportunities/{opportunity.reference}/renew/", {"expires_on": in_days(400).isoformat()})

    assert response.status_code == 400
    assert list(response.context["renew_form"].errors) == ["expires_on"]


def test_detail_page_has_the_interest_and_matches_include_points(client, org_a):
    opportunity = OpportunityFactory(organisation=org_a)

    response = client.get(f"/opportunities/{opportunity.reference}/")

    used = {t.name for t in response.templates}
    assert {"opportunities/_interest_slot.html", "opportunities/_matches_slot.html"} <= used


def test_lowercase_reference_in_the_address_finds_the_opportunity(client, org_a):
    opportunity = OpportunityFactory(organisation=org_a)

    response = client.get(f"/opportunities/{opportunity.reference.lower()}/")

    assert response.context["opportunity"] == opportunity


# --- staff review ---------------------------------------------------------------------------


def test_review_queue_lists_submitted_opportunities_oldest_first(client, staff, org_a):
    from django.utils import timezone

    newer = OpportunityFactory(organisation=org_a, status="submitted", submitted_at=timezone.now())
    older = OpportunityFactory(organisation=org_a, status="submitted", submitted_at=timezone.now() - timezone.timedelta(days=1))
    OpportunityFactory(organisation=org_a, status="draft")
    client.force_login(staff)

    response = client.get("/opportunities/review/")

    assert list(response.context["queue"]) == [older, newer]


def test_staff_approve_from_the_queue_and_the_owner_is_mailed(client, staff, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, status="submitted")
    client.force_login(staff)

    response = client.post(f"/opportunities/{opportunity.reference}/approve/")

    assert (response.status_code, response["Location"]) == (302, "/opportunities/review/")
    assert Opportunity.objects.get(pk=opportunity.pk).status == "published"
    assert OutboxMessage.objects.get().recipient == member.email


def test_staff_return_from_the_page_goes_back_to_the_page(client, staff, member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, status="submitted")
    client.force_login(staff)

    response = client.post(f"/opportunities/{opportunity.reference}/return/", {"comment": "Which alloys?", "next": "detail"})

    assert (response.status_code, response["Location"]) == (302, f"/opportunities/{opportunity.reference}/")
    assert Opportunity.objects.get(pk=opportunity.pk).review_comment == "Which alloys?"


def test_staff_return_without_comment_says_so_and_changes_nothing(client, staff, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="submitted")
    client.force_login(staff)

    response = client.post(f"/opportunities/{opportunity.reference}/return/", {"comment": " "}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This field is required."]
    assert Opportunity.objects.get(pk=opportunity.pk).status == "submitted"


def test_approving_twice_says_it_is_not_submitted_any_more(client, staff, org_a):
    opportunity = OpportunityFactory(organisation=org_a, status="submitted")
    client.force_login(staff)

    client.post(f"/opportunities/{opportunity.reference}/approve/", follow=True)
    response = client.post(f"/opportunities/{opportunity.reference}/approve/", follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Only submitted opportunities can be approved."]


def test_my_opportunities_lists_every_state_of_my_organisations_only(client, member, org_a, other_org_member):
    mine = [OpportunityFactory(organisation=org_a, status=s) for s in ("draft", "published", "closed")]
    OpportunityFactory(organisation=other_org_member.memberships.get().organisation)
    client.force_login(member)

    response = client.get("/opportunities/mine/")

    assert sorted(o.pk for o in response.context["opportunities"]) == sorted(o.pk for o in mine)


def test_main_navigation_links_the_opportunities(client):
    assert '<a href="/opportunities/">Opportunities</a>' in client.get("/").content.decode()


@pytest.mark.parametrize("name", ["members", "anonymous", "draft", "expired"])
def test_visitor_opening_a_hidden_opportunity_is_invited_to_sign_in_as_for_a_missing_one(client, world, name):
    opportunity = getattr(world, name)

    response = client.get(f"/opportunities/{opportunity.reference}/")
    missing = client.get("/opportunities/KK-00000000/")

    body = response.content.decode()
    assert response.status_code == missing.status_code == 404
    assert f'href="/accounts/login/?next=/opportunities/{opportunity.reference}/"' in body
    assert "This opportunity is shown to signed-in members only, or it does not exist." in body
    assert opportunity.title not in body
    assert world.org_a.name not in body
    assert without_tokens(body.replace(opportunity.reference, "KK-00000000")) == without_tokens(missing.content.decode())


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
