"""The life of an opportunity: draft → submitted → returned/published → expired → closed,
what each kind needs, who may act, the audit trail and the owner's e-mails."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities import queries, services
from kakehashi.opportunities.models import Opportunity

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, UserFactory
from .helpers import in_days, new_draft

pytestmark = pytest.mark.django_db


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def actions(opportunity: Opportunity) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="opportunities.opportunity", target_id=str(opportunity.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# --- drafts ------------------------------------------------------------------------------


def test_create_draft_sets_aim_author_and_detected_language(member, org_a):
    opportunity = new_draft(
        member, org_a, kind="sourcing_request", title="精密自動車部品の調達先を探しています",
        summary="トランスミッション用シャフトとギアの加工先を募集します。", details="",
    )

    assert (opportunity.status, opportunity.aim, opportunity.language, opportunity.created_by) == (
        "draft", "co_production", "ja", member
    )
    assert list(opportunity.sectors.values_list("code", flat=True)) == ["29"]
    assert actions(opportunity) == ["opportunity.created"]


def test_create_draft_keeps_a_language_chosen_by_the_member(member, org_a):
    opportunity = new_draft(member, org_a, language="hi")

    assert opportunity.language == "hi"


def test_create_draft_strips_text_and_stores_it_otherwise_unchanged(member, org_a):
    opportunity = new_draft(member, org_a, title="  Gear  blanks \n", details="line one\n\nline two  ")

    assert (opportunity.title, opportunity.details) == ("Gear  blanks", "line one\n\nline two")


def test_create_draft_for_another_organisation_is_refused(other_org_member, org_a):
    with pytest.raises(PermissionDenied):
        new_draft(other_org_member, org_a)


def test_create_draft_by_an_unapproved_member_is_refused(org_a):
    waiting = MembershipFactory(organisation=org_a, user=UserFactory(approval_status="pending")).user

    with pytest.raises(PermissionDenied):
        new_draft(waiting, org_a)


def test_create_draft_by_staff_outside_the_organisation_is_refused(staff, org_a):
    with pytest.raises(PermissionDenied):
        new_draft(staff, org_a)


def test_create_draft_for_a_pending_organisation_is_refused(member):
    pending = OrganisationFactory(status="pending")
    MembershipFactory(user=member, organisation=pending, role="owner")

    with pytest.raises(ValidationError) as exc:
        new_draft(member, pending)

    assert exc.value.messages == ["Your organisation must be approved before it can publish opportunities."]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": "   "}, {"title": ["This field is required."]}),
        ({"summary": "\n\t "}, {"summary": ["This field is required."]}),
        ({"title": "a\x00b"}, {"title": ["Null characters are not allowed."]}),
        ({"details": "x" * 100_000}, {"details": ["Ensure this value has at most 10000 characters (it has 100000)."]}),
        ({"title": "t" * 201}, {"title": ["Ensure this value has at most 200 characters (it has 201)."]}),
        ({"kind": "gift"}, {"kind": ["Value 'gift' is not a valid choice."]}),
        ({"visibility": "secret"}, {"visibility": ["Value 'secret' is not a valid choice."]}),
        ({"sectors": ["10", "13", "20", "25", "28", "29"]}, {"sectors": ["Choose at most five sectors."]}),
        ({"target_countries": ["IN", "ZZ"]}, {"target_countries": ["Unknown country code: ZZ."]}),
        ({"trl": 5}, {"trl": [
            "A technology readiness level applies only to technology, joint R&D and pilot-project opportunities."
        ]}),
        ({"kind": "technology_offer", "trl": 10}, {"trl": ["Enter a level from 1 to 9."]}),
        ({"ticket_min_usd": 1000}, {"ticket_min_usd": ["Ticket sizes apply only to investment opportunities."]}),
        ({"company_stage": "seed"}, {"company_stage": ["A company stage applies only to investment opportunities."]}),
        (
            {"kind": "investor_mandate", "ticket_min_usd": 5_000_000, "ticket_max_usd": 1_000_000},
            {"ticket_max_usd": ["The largest ticket must not be smaller than the smallest."]},
        ),
    ],
    ids=["blank-title", "blank-summary", "nul", "100k-details", "long-title", "kind", "visibility", "six-sectors",
         "country", "trl-for-wrong-kind", "trl-range", "ticket-for-wrong-kind", "stage-for-wrong-kind", "min-above-max"],
)
def test_create_draft_refuses_bad_fields_and_stores_nothing(member, org_a, overrides, expected):
    with pytest.raises(ValidationError) as exc:
        new_draft(member, org_a, **overrides)

    assert errors_of(exc) == expected
    assert Opportunity.objects.count() == 0


def test_create_draft_refuses_an_unknown_sector(member, org_a):
    with pytest.raises(ValidationError) as exc:
        new_draft(member, org_a, sectors=["29", "X9"])

    assert errors_of(exc) == {"sectors": ["Unknown sector: X9."]}


# --- submission ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"sectors": []}, {"sectors": ["Choose at least one sector."]}),
        ({"kind": "technology_offer"}, {"trl": ["Give the technology readiness level (1–9)."]}),
        (
            {"kind": "investment_sought"},
            {
                "company_stage": ["Give the stage of the company."],
                "ticket_min_usd": ["Give the ticket size in US dollars."],
                "ticket_max_usd": ["Give the ticket size in US dollars."],
            },
        ),
        ({"expires_on": dt.date(2026, 3, 1)}, {"expires_on": ["The expiry date must be in the future."]}),
        ({"expires_on": dt.date(2026, 3, 10)}, {"expires_on": ["The expiry date must be in the future."]}),
        (
            {"expires_on": dt.date(2027, 3, 11)},
            {"expires_on": ["The expiry date can be at most twelve months ahead (Wed 10 Mar 2027)."]},
        ),
    ],
    ids=["no-sector", "trl-missing", "investment-facts-missing", "expired-date", "today", "beyond-twelve-months"],
)
def test_submit_refuses_an_incomplete_opportunity(member, org_a, overrides, expected):
    opportunity = new_draft(member, org_a, **{**overrides, "expires_on": overrides.get("expires_on", dt.date(2026, 6, 1))})

    with pytest.raises(ValidationError) as exc:
        services.submit(member, opportunity, today=dt.date(2026, 3, 10))

    assert errors_of(exc) == expected
    assert Opportunity.objects.get(pk=opportunity.pk).status == "draft"


def test_submit_accepts_the_last_day_of_the_twelve_months(member, org_a):
    opportunity = new_draft(member, org_a, expires_on=dt.date(2027, 3, 10))

    services.submit(member, opportunity, today=dt.date(2026, 3, 10))

    assert Opportunity.objects.get(pk=opportunity.pk).status == "submitted"


def test_twelve_months_after_29_february_is_28_february():
    assert services.latest_expiry(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_submit_accepts_complete_investment_and_technology_opportunities(member, org_a):
    investment = new_draft(
        member, org_a, kind="investment_sought", company_stage="seed", ticket_min_usd=500_000, ticket_max_usd=500_000
    )
    technology = new_draft(member, org_a, kind="technology_offer", trl=6)

    services.submit(member, investment)
    services.submit(member, technology)

    assert sorted(Opportunity.objects.values_list("status", flat=True)) == ["submitted", "submitted"]


def test_submit_by_another_organisation_is_refused(member, other_org_member, org_a):
    opportunity = new_draft(member, org_a)

    with pytest.raises(PermissionDenied):
        services.submit(other_org_member, opportunity)


# --- the whole review workflow --------------------------------------------------------------


def test_submit_approve_publishes_and_mails_the_owner_in_their_language(member, staff, org_a):
    member.language = "ja"
    member.save()
    opportunity = new_draft(member, org_a)
    now = timezone.now()

    services.submit(member, opportunity, now=now - dt.timedelta(hours=2))
    services.approve(staff, opportunity, now=now)

    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.published_at, opportunity.submitted_at) == (
        "published", now, now - dt.timedelta(hours=2)
    )
    mail = OutboxMessage.objects.get()
    assert (mail.recipient, mail.locale, mail.template) == (member.email, "ja", "opportunities/mail/opportunity_published")
    assert opportunity.reference in mail.body_text and f"/opportunities/{opportunity.reference}/" in mail.body_text
    assert actions(opportunity) == ["opportunity.created", "opportunity.submitted", "opportunity.approved"]


def test_return_with_comments_mails_them_and_resubmission_clears_them_on_approval(member, staff, org_a):
    opportunity = new_draft(member, org_a)
    services.submit(member, opportunity)

    services.return_for_changes(staff, opportunity, comment="  Please give the monthly capacity.  ")
    returned = Opportunity.objects.get(pk=opportunity.pk)
    services.update(member, returned, details="Capacity: 50,000 parts a month.")
    services.submit(member, returned)
    services.approve(staff, returned)

    final = Opportunity.objects.get(pk=opportunity.pk)
    mails = list(OutboxMessage.objects.order_by("created_at").values_list("template", flat=True))
    assert (returned.status, returned.review_comment) == ("returned", "Please give the monthly capacity.")
    assert (final.status, final.review_comment) == ("published", "")
    assert mails == ["opportunities/mail/opportunity_returned", "opportunities/mail/opportunity_published"]
    assert "Please give the monthly capacity." in OutboxMessage.objects.get(template__endswith="returned").body_text
    assert actions(final) == [
        "opportunity.created", "opportunity.submitted", "opportunity.returned", "opportunity.updated",
        "opportunity.submitted", "opportunity.approved",
    ]


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_return_without_comments_is_refused(member, staff, org_a, comment):
    opportunity = new_draft(member, org_a)
    services.submit(member, opportunity)

    with pytest.raises(ValidationError) as exc:
        services.return_for_changes(staff, opportunity, comment=comment)

    assert errors_of(exc) == {"comment": ["Say what should change."]}


def test_review_by_a_non_staff_member_is_refused(member, org_a):
    opportunity = new_draft(member, org_a)
    services.submit(member, opportunity)

    with pytest.raises(PermissionDenied):
        services.approve(member, opportunity)
    with pytest.raises(PermissionDenied):
        services.return_for_changes(member, opportunity, comment="no")


def test_approving_after_the_expiry_date_is_refused(member, staff, org_a):
    opportunity = new_draft(member, org_a, expires_on=in_days(3))
    services.submit(member, opportunity)

    with pytest.raises(ValidationError) as exc:
        services.approve(staff, opportunity, now=timezone.now() + dt.timedelta(days=4))

    assert exc.value.messages == ["Its expiry date has passed: return it so the owner can choose a new date."]


INVALID_TRANSITIONS = [
    # (state, action, message)
    ("draft", "approve", "Only submitted opportunities can be approved."),
    ("published", "approve", "Only submitted opportunities can be approved."),
    ("returned", "return", "Only submitted opportunities can be returned."),
    ("published", "submit", "Only drafts and returned opportunities can be submitted."),
    ("submitted", "submit", "Only drafts and returned opportunities can be submitted."),
    ("closed", "submit", "Only drafts and returned opportunities can be submitted."),
    ("draft", "renew", "Only published or expired opportunities can be renewed."),
    ("submitted", "renew", "Only published or expired opportunities can be renewed."),
    ("closed", "renew", "Only published or expired opportunities can be renewed."),
    ("draft", "close", "Only published or expired opportunities can be closed."),
    ("closed", "close", "Only published or expired opportunities can be closed."),
    ("expired", "update", "Expired and closed opportunities cannot be edited."),
    ("closed", "update", "Expired and closed opportunities cannot be edited."),
]


@pytest.mark.parametrize(("state", "action", "message"), INVALID_TRANSITIONS, ids=[f"{a} {s}" for s, a, _m in INVALID_TRANSITIONS])
def test_invalid_transition_is_refused_and_changes_nothing(member, staff, org_a, state, action, message):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, status=state)
    calls = {
        "approve": lambda: services.approve(staff, opportunity),
        "return": lambda: services.return_for_changes(staff, opportunity, comment="Why?"),
        "submit": lambda: services.submit(member, opportunity),
        "renew": lambda: services.renew(member, opportunity, expires_on=in_days(200)),
        "close": lambda: services.close(member, opportunity, outcome="no_fit"),
        "update": lambda: services.update(member, opportunity, title="New"),
    }

    with pytest.raises(ValidationError) as exc:
        calls[action]()

    assert exc.value.messages == [message]
    assert Opportunity.objects.get(pk=opportunity.pk).status == state
    assert AuditEntry.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


# --- editing -------------------------------------------------------------------------------


def test_any_active_member_of_the_organisation_may_edit(member, org_a):
    opportunity = new_draft(member, org_a)
    admin = MembershipFactory(organisation=org_a, role="admin").user

    services.update(admin, opportunity, title="Edited by an admin")

    assert Opportunity.objects.get(pk=opportunity.pk).title == "Edited by an admin"


@pytest.mark.parametrize("who", ["other_org_member", "staff", "requested"])
def test_edit_by_someone_outside_the_organisation_is_refused(member, other_org_member, staff, org_a, who):
    opportunity = new_draft(member, org_a)
    actor = {
        "other_org_member": other_org_member, "staff": staff,
        "requested": MembershipFactory(organisation=org_a, status="requested").user,
    }[who]

    with pytest.raises(PermissionDenied):
        services.update(actor, opportunity, title="Hijacked")

    assert Opportunity.objects.get(pk=opportunity.pk).title == "Precision machining capacity in Chennai"


def test_editing_a_published_opportunity_keeps_it_published(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)

    services.update(member, opportunity, summary="Now also gear grinding.", sectors=["29", "28"])

    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.summary) == ("published", "Now also gear grinding.")
    assert sorted(opportunity.sectors.values_list("code", flat=True)) == ["28", "29"]
    assert AuditEntry.objects.get().data == {"fields": ["sectors", "summary"]}


def test_editing_a_published_opportunity_checks_it_as_on_submission(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, kind="technology_offer", trl=6)

    with pytest.raises(ValidationError) as exc:
        services.update(member, opportunity, trl=None, sectors=[])

    assert errors_of(exc) == {
        "sectors": ["Choose at least one sector."], "trl": ["Give the technology readiness level (1–9)."]
    }
    assert Opportunity.objects.get(pk=opportunity.pk).trl == 6


def test_editing_a_draft_may_leave_it_incomplete(member, org_a):
    opportunity = new_draft(member, org_a, kind="technology_offer")

    services.update(member, opportunity, sectors=[], expires_on=in_days(-10))

    assert Opportunity.objects.get(pk=opportunity.pk).sectors.count() == 0


def test_editing_changes_the_aim_with_the_kind(member, org_a):
    opportunity = new_draft(member, org_a)

    services.update(member, opportunity, kind="academic_collaboration")

    assert Opportunity.objects.get(pk=opportunity.pk).aim == "research"


# --- renew and close -----------------------------------------------------------------------


def test_renew_pushes_the_expiry_and_rearms_the_reminder(member, org_a):
    opportunity = OpportunityFactory(
        organisation=org_a, created_by=member, expires_on=in_days(5), expiry_reminder_sent_at=timezone.now()
    )

    services.renew(member, opportunity, expires_on=in_days(200))

    opportunity.refresh_from_db()
    assert (opportunity.expires_on, opportunity.expiry_reminder_sent_at, opportunity.status) == (in_days(200), None, "published")
    assert AuditEntry.objects.get().action == "opportunity.renewed"


def test_renew_publishes_an_expired_opportunity_again(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, status="expired", expires_on=in_days(-20))

    services.renew(member, opportunity, expires_on=in_days(30))

    assert Opportunity.objects.get(pk=opportunity.pk).status == "published"


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "The expiry date must be in the future."), (-5, "The expiry date must be in the future.")],
)
def test_renew_to_a_date_not_in_the_future_is_refused(member, org_a, days, message):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)

    with pytest.raises(ValidationError) as exc:
        services.renew(member, opportunity, expires_on=in_days(days))

    assert errors_of(exc) == {"expires_on": [message]}


def test_renew_beyond_twelve_months_is_refused(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)

    with pytest.raises(ValidationError) as exc:
        services.renew(member, opportunity, expires_on=dt.date(2027, 3, 11), today=dt.date(2026, 3, 10))

    assert errors_of(exc) == {"expires_on": ["The expiry date can be at most twelve months ahead (Wed 10 Mar 2027)."]}


@pytest.mark.parametrize("who", ["other_org_member", "staff"])
def test_renew_and_close_by_others_are_refused(member, other_org_member, staff, org_a, who):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)
    actor = other_org_member if who == "other_org_member" else staff

    with pytest.raises(PermissionDenied):
        services.renew(actor, opportunity, expires_on=in_days(100))
    with pytest.raises(PermissionDenied):
        services.close(actor, opportunity, outcome="no_fit")


def test_close_records_the_outcome(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)
    now = timezone.now()

    services.close(member, opportunity, outcome="partnership_formed", now=now)

    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.outcome, opportunity.closed_at) == ("closed", "partnership_formed", now)
    assert AuditEntry.objects.get().data == {"outcome": "partnership_formed"}


def test_close_with_an_unknown_outcome_is_refused(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member)

    with pytest.raises(ValidationError) as exc:
        services.close(member, opportunity, outcome="won-the-lottery")

    assert errors_of(exc) == {"outcome": ["Choose what came of it."]}


# --- expiry and reminders, with the clock moved -------------------------------------------


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def test_expire_due_expires_the_day_after_the_expiry_date_and_mails_once(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))

    on_the_day = services.expire_due(now=at(dt.date(2030, 5, 31), 23))
    day_after = services.expire_due(now=at(dt.date(2030, 6, 1)))
    again = services.expire_due(now=at(dt.date(2030, 6, 2)))

    assert (on_the_day, day_after, again) == (0, 1, 0)
    assert Opportunity.objects.get(pk=opportunity.pk).status == "expired"
    mail = OutboxMessage.objects.get()
    assert (mail.recipient, mail.template) == (member.email, "opportunities/mail/opportunity_expired")
    assert f"/opportunities/{opportunity.reference}/renew/" in mail.body_text
    assert actions(opportunity) == ["opportunity.expired"]


def test_expire_due_leaves_other_states_alone(member, org_a):
    for state in ("draft", "submitted", "returned", "closed", "expired"):
        OpportunityFactory(organisation=org_a, created_by=member, status=state, expires_on=dt.date(2030, 1, 1))

    assert services.expire_due(now=at(dt.date(2031, 1, 1))) == 0
    assert OutboxMessage.objects.count() == 0


def test_remind_expiring_mails_once_fourteen_days_before(member, org_a):
    member.language = "hi"
    member.save()
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))

    fifteen_days = services.remind_expiring(now=at(dt.date(2030, 5, 16)))
    fourteen_days = services.remind_expiring(now=at(dt.date(2030, 5, 17)))
    next_day = services.remind_expiring(now=at(dt.date(2030, 5, 18)))

    assert (fifteen_days, fourteen_days, next_day) == (0, 1, 0)
    mail = OutboxMessage.objects.get()
    assert (mail.locale, mail.template) == ("hi", "opportunities/mail/opportunity_expiring")
    assert mail.context["days"] == 14
    assert "शुक्रवार, 31 मई 2030" in mail.subject and "शुक्रवार, 31 मई 2030" in mail.body_text
    assert f"/opportunities/{opportunity.reference}/renew/" in mail.body_text
    assert Opportunity.objects.get(pk=opportunity.pk).expiry_reminder_sent_at == at(dt.date(2030, 5, 17))


def test_reminder_is_sent_again_before_the_renewed_date(member, org_a):
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))
    services.remind_expiring(now=at(dt.date(2030, 5, 20)))

    services.renew(member, opportunity, expires_on=dt.date(2030, 9, 30), today=dt.date(2030, 5, 21))
    before = services.remind_expiring(now=at(dt.date(2030, 9, 15)))
    due = services.remind_expiring(now=at(dt.date(2030, 9, 16)))

    assert (before, due) == (0, 1)
    assert OutboxMessage.objects.filter(template="opportunities/mail/opportunity_expiring").count() == 2


def test_activity_mails_respect_the_owner_switching_them_off(member, org_a):
    member.email_notifications = False
    member.save()
    OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))

    reminded = services.remind_expiring(now=at(dt.date(2030, 5, 20)))
    expired = services.expire_due(now=at(dt.date(2030, 6, 1)))

    assert (reminded, expired, OutboxMessage.objects.count()) == (1, 1, 0)


def test_owner_mails_go_to_the_managers_when_the_author_has_left(member, org_a):
    owner = MembershipFactory(organisation=org_a, role="owner", user=UserFactory(email="boss@example.org")).user
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))
    member.memberships.update(status="declined")

    services.expire_due(now=at(dt.date(2030, 6, 1)))

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [owner.email]
    assert Opportunity.objects.get(pk=opportunity.pk).status == "expired"


def test_owner_mails_skip_managers_staff_have_not_approved(member, org_a):
    owner = MembershipFactory(organisation=org_a, role="owner", user=UserFactory(email="boss@example.org")).user
    MembershipFactory(
        organisation=org_a, role="admin", user=UserFactory(email="waiting@example.org", approval_status="pending")
    )
    MembershipFactory(
        organisation=org_a, role="admin", user=UserFactory(email="refused@example.org", approval_status="declined")
    )
    opportunity = OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))
    member.memberships.update(status="declined")

    services.expire_due(now=at(dt.date(2030, 6, 1)))

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [owner.email]
    assert Opportunity.objects.get(pk=opportunity.pk).status == "expired"


def test_owner_mails_skip_an_author_staff_have_since_declined(member, org_a):
    owner = MembershipFactory(organisation=org_a, role="owner", user=UserFactory(email="boss@example.org")).user
    OpportunityFactory(organisation=org_a, created_by=member, expires_on=dt.date(2030, 5, 31))
    type(member).objects.filter(pk=member.pk).update(approval_status="declined")

    services.expire_due(now=at(dt.date(2030, 6, 1)))

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [owner.email]


def test_members_of_an_organisation_declined_later_no_longer_edit_or_see_its_drafts(member, org_a):
    opportunity = new_draft(member, org_a)
    type(org_a).objects.filter(pk=org_a.pk).update(status="declined")

    with pytest.raises(PermissionDenied):
        services.update(member, opportunity, title="Still ours?")

    assert list(queries.of_my_organisations(member)) == []
    assert not queries.visible_to(member).filter(pk=opportunity.pk).exists()


def test_each_staff_decision_on_a_submission_is_a_notice_for_its_owner_in_their_language(member, staff, org_a):
    from django.utils import translation

    from kakehashi.notices.models import Notice

    member.language = "hi"
    member.save()
    opportunity = new_draft(member, org_a)
    services.submit(member, opportunity)
    services.return_for_changes(staff, opportunity, comment="Please give the monthly capacity.")
    services.submit(member, Opportunity.objects.get(pk=opportunity.pk))
    services.return_for_changes(staff, opportunity, comment="And the certifications.")
    services.submit(member, Opportunity.objects.get(pk=opportunity.pk))
    services.approve(staff, opportunity)

    notices = list(Notice.objects.filter(recipient=member).order_by("pk"))
    assert [(n.kind, n.url, n.actor_id) for n in notices] == [
        ("opportunity_returned", f"/opportunities/{opportunity.reference}/", staff.pk),
        ("opportunity_returned", f"/opportunities/{opportunity.reference}/", staff.pk),
        ("opportunity_published", f"/opportunities/{opportunity.reference}/", staff.pk),
    ]
    assert Notice.objects.exclude(recipient=member).count() == 0
    with translation.override("hi"):
        assert notices[2].text == f"आपका अवसर “{opportunity.title}” स्वीकृत होकर प्रकाशित हो गया है।"
