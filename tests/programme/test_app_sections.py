"""The meetings, SSW pipeline and supply-chain sections of the dashboard, against small
hand-counted fixtures (counts in each fixture's docstring): exact figures, the filters,
staff only, and the public summary never showing the supply-chain tables."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from kakehashi.core.figures import Filters
from kakehashi.meetings.models import Grid, Meeting, MeetingRequest, Slot
from kakehashi.programme import public, sections
from kakehashi.supplychain.models import Simulation
from kakehashi.talent.pipeline.models import Application, ApplicationEvent

from ..factories import (
    CandidateProfileFactory,
    MatchmakingSessionFactory,
    OrganisationFactory,
    ParticipantFactory,
    SswEmployerFactory,
    SswJobFactory,
    SupplierListFactory,
)

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 5) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


def dated(obj, when, field="created_at"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: when})


def table(staff, key, **filters):
    item = sections.chart_source(staff, Filters(**filters), key)
    assert item is not None, key
    return {row.code: row.value for row in item.rows}


def series(staff, key, **filters):
    item = sections.chart_source(staff, Filters(**filters), key)
    return [m.strftime("%Y-%m") for m in item.months], dict(item.lines)


# --- meetings -------------------------------------------------------------------------------

@pytest.fixture
def meetings(db):
    """One matchmaking session; Chennai (IN), Pune (IN) and Osaka (JP) take part.

    - Jan 15: Chennai–Osaka, outcomes "held" and "we will follow up" → held
    - Feb 10: Osaka–Pune, outcome "no-show" from one side → no-show
    - Feb 10: Chennai–Pune, no outcome → unreported
    - Feb 10: Osaka–Chennai, cancelled → not counted
    Published 3, held 1, no-show 1, unreported 1: no-show rate 50.0 %. Outcomes: held 1,
    follow-up 1, no-show 1. Pairs: India ↔ Japan 2, India ↔ India 1.
    Requests (made): Jan 2 Chennai→Osaka accepted, Jan 20 Osaka→Pune accepted, Feb 1
    Chennai→Pune accepted, Feb 3 Pune→Osaka declined, Feb 4 Osaka→Chennai accepted.
    """
    session = MatchmakingSessionFactory()
    grid = Grid.objects.create(session=session)
    jan = Slot.objects.create(grid=grid, starts_at=at(1, 15), ends_at=at(1, 15) + dt.timedelta(minutes=15))
    feb = Slot.objects.create(grid=grid, starts_at=at(2, 10), ends_at=at(2, 10) + dt.timedelta(minutes=15))
    chennai = ParticipantFactory(session=session, organisation=OrganisationFactory(name="Chennai Harness", country="IN"))
    pune = ParticipantFactory(session=session, organisation=OrganisationFactory(name="Pune Forge", country="IN"))
    osaka = ParticipantFactory(session=session, organisation=OrganisationFactory(
        name="Osaka Heavy", country="JP", region_code="JP-27", city="Osaka"))

    def request(requester, receiver, made, state="accepted"):
        r = MeetingRequest.objects.create(session=session, requester=requester, receiver=receiver, state=state)
        dated(r, made)
        return r

    r1 = request(chennai, osaka, at(1, 2))
    r2 = request(osaka, pune, at(1, 20))
    r3 = request(chennai, pune, at(2, 1))
    request(pune, osaka, at(2, 3), state="declined")
    r5 = request(osaka, chennai, at(2, 4))
    Meeting.objects.create(request=r1, slot=jan, table=1, outcome_requester="held", outcome_receiver="follow_up")
    Meeting.objects.create(request=r2, slot=feb, table=1, outcome_receiver="no_show")
    Meeting.objects.create(request=r3, slot=feb, table=2)
    Meeting.objects.create(request=r5, slot=feb, table=3, cancelled=True)


def test_meetings_match_the_hand_count(meetings, staff):
    assert table(staff, "meetings.meetings") == {"published": 3, "held": 1, "no_show": 1, "unreported": 1}
    assert sections.chart_source(staff, Filters(), "meetings.meetings").note.endswith("50.0 %")
    assert table(staff, "meetings.meeting_outcomes") == {"held": 1, "no_show": 1, "follow_up": 1, "not_a_fit": 0}
    assert table(staff, "meetings.meeting_requests_by_state") == {
        "pending": 0, "accepted": 4, "declined": 1, "expired": 0, "cancelled": 0}
    assert table(staff, "meetings.meetings_by_country_pair") == {"IN-IN": 1, "IN-JP": 2}


def test_meetings_count_in_the_month_they_took_place(meetings, staff):
    feb = {"start": dt.date(2026, 2, 1), "end": dt.date(2026, 2, 28)}
    assert table(staff, "meetings.meetings", **feb) == {"published": 2, "held": 0, "no_show": 1, "unreported": 1}
    assert table(staff, "meetings.meeting_requests_by_state", **feb) == {
        "pending": 0, "accepted": 2, "declined": 1, "expired": 0, "cancelled": 0}
    months, lines = series(staff, "meetings.meetings_monthly")
    assert months == ["2026-01", "2026-02"]
    assert lines == {"Meetings published": [1, 2], "Meetings held": [1, 0], "No-shows": [0, 1]}


def test_meetings_country_filter_keeps_either_side(meetings, staff):
    assert table(staff, "meetings.meetings", country="JP") == {"published": 2, "held": 1, "no_show": 1, "unreported": 0}
    assert table(staff, "meetings.meetings_by_country_pair", country="JP") == {"IN-JP": 2}
    assert table(staff, "meetings.meeting_requests_by_state", country="JP")["accepted"] == 3
    assert table(staff, "meetings.meetings", country="XX")["published"] == 0


# --- SSW pipeline ---------------------------------------------------------------------------

@pytest.fixture
def pipeline(db):
    """Jobs (Japanese employers): food service in Osaka (JP-27) published Jan 10, nursing care
    in Tokyo (JP-13) published Feb 10, a draft never published.
    Candidates: c1 food service N4 (Jan 5), c2 food service + nursing care N5 (Jan 6),
    c3 no field, no JLPT level (Feb 7).
    Applications: a1 c1 → food (Jan 12) went the whole way, employment started Mar 2;
    a2 c2 → food (Jan 15) reached interview, then rejected; a3 c2 → nursing (Feb 12) applied.
    Funnel: applied 3, screening 2, interview 2, offer … employment started 1.
    """
    osaka = SswEmployerFactory().organisation
    tokyo = SswEmployerFactory(organisation=OrganisationFactory(
        name="Tokyo Care", country="JP", region_code="JP-13", city="Tokyo")).organisation
    food = SswJobFactory(organisation=osaka, published_at=at(1, 10))
    nursing = SswJobFactory(organisation=tokyo, field_code="nursing_care", prefecture="JP-13", city="Tokyo",
                            published_at=at(2, 10))
    SswJobFactory(organisation=osaka, status="draft", published_at=None)
    c1 = CandidateProfileFactory(fields_of_interest=["food_service"], jlpt_level=4)
    c2 = CandidateProfileFactory(fields_of_interest=["food_service", "nursing_care"], jlpt_level=5)
    c3 = CandidateProfileFactory(fields_of_interest=[], jlpt_level=None, jlpt_date=None)
    for candidate, made in ((c1, at(1, 5)), (c2, at(1, 6)), (c3, at(2, 7))):
        dated(candidate, made)

    def application(candidate, job, made, path, state=None):
        a = Application.objects.create(candidate=candidate, job=job, state=state or path[-1])
        dated(a, made)
        source = ""
        for day, target in enumerate(path):
            event = ApplicationEvent.objects.create(application=a, side="system", source=source, target=target)
            dated(event, made + dt.timedelta(days=day), field="at")
            source = target
        return a

    a1 = application(c1, food, at(1, 12), ["applied", "screening", "interview", "offer", "coe_applied", "coe_issued",
                                            "visa_applied", "visa_issued", "arrived", "employment_started"])
    ApplicationEvent.objects.filter(application=a1, target="employment_started").update(at=at(3, 2))
    application(c2, food, at(1, 15), ["applied", "screening", "interview", "rejected"])
    application(c2, nursing, at(2, 12), ["applied"])
    return SimpleNamespace(c1=c1, c2=c2, c3=c3)


LINE = ["applied", "screening", "interview", "offer", "coe_applied", "coe_issued", "visa_applied", "visa_issued",
        "arrived", "employment_started"]


def test_pipeline_matches_the_hand_count(pipeline, staff):
    assert table(staff, "talent.ssw_jobs_by_field") == {"food_service": 1, "nursing_care": 1}
    assert table(staff, "talent.ssw_jobs_by_prefecture") == {"JP-13": 1, "JP-27": 1}
    assert table(staff, "talent.ssw_candidates_by_field") == {"": 1, "food_service": 2, "nursing_care": 1}
    assert table(staff, "talent.ssw_candidates_by_level") == {"N1": 0, "N2": 0, "N3": 0, "N4": 1, "N5": 1, "": 1}
    assert table(staff, "talent.ssw_candidates_by_field_and_level") == {
        ":": 1, "food_service:N4": 1, "food_service:N5": 1, "nursing_care:N5": 1}
    funnel = table(staff, "talent.ssw_applications_funnel")
    assert [funnel[s] for s in LINE] == [3, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    by_state = table(staff, "talent.ssw_applications_by_state")
    assert {k: v for k, v in by_state.items() if v} == {"applied": 1, "employment_started": 1, "rejected": 1}


def test_pipeline_per_month_dates_applications_and_employment_starts(pipeline, staff):
    months, lines = series(staff, "talent.ssw_pipeline_monthly")
    assert months == ["2026-01", "2026-02", "2026-03"]
    assert lines == {"Applications": [2, 1, 0], "Employment started": [0, 0, 1]}
    months, lines = series(staff, "talent.ssw_pipeline_monthly", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert (months, lines) == (["2026-03"], {"Applications": [0], "Employment started": [1]})


def test_pipeline_date_range_keeps_what_happened_in_it(pipeline, staff):
    feb = {"start": dt.date(2026, 2, 1), "end": dt.date(2026, 2, 28)}
    assert table(staff, "talent.ssw_jobs_by_field", **feb) == {"nursing_care": 1}
    assert table(staff, "talent.ssw_candidates_by_field", **feb) == {"": 1}
    funnel = table(staff, "talent.ssw_applications_funnel", **feb)
    assert [funnel[s] for s in LINE] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_pipeline_country_filter_keeps_employers_of_that_country(pipeline, staff):
    assert table(staff, "talent.ssw_jobs_by_field", country="JP") == {"food_service": 1, "nursing_care": 1}
    assert table(staff, "talent.ssw_candidates_by_level", country="JP")["N4"] == 1  # c3 applied nowhere
    assert sum(table(staff, "talent.ssw_candidates_by_field", country="JP").values()) == 3  # c1 once, c2 twice
    assert table(staff, "talent.ssw_jobs_by_field", country="IN") == {}
    assert table(staff, "talent.ssw_applications_funnel", country="IN")["applied"] == 0


def test_pipeline_country_filter_counts_alike_candidates_apart(pipeline, staff):
    """A fourth candidate like c1 (food service, N4) applies in Japan: N4 counts 2, not 1."""
    twin = CandidateProfileFactory(fields_of_interest=["food_service"], jlpt_level=4)
    dated(twin, at(1, 8))
    Application.objects.create(candidate=twin, job=pipeline.c1.applications.get().job)

    assert table(staff, "talent.ssw_candidates_by_level", country="JP")["N4"] == 2


def test_candidate_cross_table_is_for_staff_only(pipeline, staff):
    figures = sections.collect(staff, Filters(), only="talent")[0]
    private = {t.key for t in figures.tables if not t.public}
    assert private == {"ssw_candidates_by_field_and_level"}


# --- supply chain ---------------------------------------------------------------------------

@pytest.fixture
def supplychain(db):
    """Chennai Harness (IN): a list analysed Jan 10 (items: 2 high, 1 moderate, 3 unconcentrated).
    Osaka Heavy (JP): a list analysed Feb 10 (1 high, 0 moderate, 4 unconcentrated) with one
    simulation (Feb 12), and a list whose import failed (Feb 11, no analysis)."""
    chennai = OrganisationFactory(name="Chennai Harness", country="IN")
    osaka = OrganisationFactory(name="Osaka Heavy", country="JP", region_code="JP-27", city="Osaka")
    indian = SupplierListFactory(organisation=chennai, analysis={
        "band_counts": {"high": 2, "moderate": 1, "unconcentrated": 3}})
    japanese = SupplierListFactory(organisation=osaka, analysis={
        "band_counts": {"high": 1, "moderate": 0, "unconcentrated": 4}})
    failed = SupplierListFactory(organisation=osaka, status="failed")
    simulation = Simulation.objects.create(supplier_list=japanese, kind="closure", weeks=4, draws=100, seed=1)
    for obj, when in ((indian, at(1, 10)), (japanese, at(2, 10)), (failed, at(2, 11)), (simulation, at(2, 12))):
        dated(obj, when)


def _by_country(staff, **filters):
    rows = table(staff, "supplychain.supplier_lists_by_country", **filters)
    return {k: v for k, v in rows.items() if k.split(":")[0] in ("IN", "JP")}


def test_supplychain_matches_the_hand_count(supplychain, staff):
    assert _by_country(staff) == {"IN:lists": 1, "IN:analyses": 1, "IN:simulations": 0,
                                  "JP:lists": 2, "JP:analyses": 1, "JP:simulations": 1}
    assert table(staff, "supplychain.items_by_concentration") == {"high": 3, "moderate": 1, "unconcentrated": 7}


def test_supplychain_filters(supplychain, staff):
    assert table(staff, "supplychain.items_by_concentration", country="JP") == {"high": 1, "moderate": 0, "unconcentrated": 4}
    jan = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 1, 31)}
    assert table(staff, "supplychain.items_by_concentration", **jan) == {"high": 2, "moderate": 1, "unconcentrated": 3}
    assert _by_country(staff, **jan)["JP:lists"] == 0


def test_supplychain_tables_are_never_public(supplychain, staff):
    figures = sections.collect(staff, Filters(), only="supplychain")[0]
    assert [t.public for t in figures.tables] == [False, False]


def test_public_summary_never_shows_supplychain_or_candidate_cross_tables(supplychain, pipeline, meetings, staff):
    public.set_published(staff, True)

    html = Client().get("/programme/summary/").content.decode()

    assert 'id="summary-meetings"' in html and 'id="summary-ssw_applications_funnel"' in html
    for key in ("supplier_lists_by_country", "items_by_concentration", "ssw_candidates_by_field_and_level"):
        assert f'id="summary-{key}"' not in html
    assert "Supplier lists" not in html and "HHI" not in html and "Chennai Harness" not in html


# --- permissions ----------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["meetings", "talent", "supplychain"])
@pytest.mark.parametrize("who", ["anonymous", "member", "other_org_member", "unapproved"])
def test_new_sections_refuse_everyone_but_staff(request, key, who):
    from django.contrib.auth.models import AnonymousUser

    viewer = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    section = next(s for s in sections.SECTIONS if s.key == key)
    with pytest.raises(PermissionDenied):
        section.tables(viewer, Filters())
    for read in section.series:
        with pytest.raises(PermissionDenied):
            read(viewer, Filters())


# --- pages ----------------------------------------------------------------------------------

def test_dashboard_draws_and_exports_the_new_sections_in_japanese(meetings, pipeline, supplychain, staff):
    client = Client()
    client.force_login(staff)
    staff.language = "ja"
    staff.save(update_fields=["language"])

    html = client.get("/programme/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    csv_text = client.get("/programme/export.csv").content.decode("utf-8-sig")

    assert "マッチング商談会での個別面談" in html and "サプライチェーン分析" in html
    assert "到達した最も先の段階別の特定技能応募" in html
    for key in ("meetings.meetings_by_country_pair", "meetings.meetings_monthly", "talent.ssw_applications_funnel",
                "talent.ssw_pipeline_monthly", "supplychain.items_by_concentration"):
        chart = client.get(f"/programme/charts/{key}.svg", {"lang": "ja"})
        assert (key, chart.status_code, chart["Content-Type"].split(";")[0]) == (key, 200, "image/svg+xml")
    assert "高い（HHI 2,500超）" in csv_text  # staff exports carry the staff-only tables


def test_dashboard_queries_do_not_grow_with_the_new_sections_data(meetings, pipeline, supplychain, staff,
                                                                 django_assert_max_num_queries):
    client = Client()
    client.force_login(staff)
    client.get("/programme/")  # sessions, sectors and translations warmed

    with django_assert_max_num_queries(55):  # the same bound as without their data (tests/programme/test_pages.py)
        response = client.get("/programme/", {"start": "2026-01-01", "end": "2026-12-31", "country": "JP"})

    assert response.status_code == 200
