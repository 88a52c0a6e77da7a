"""The write actions of accounts: state changes, audit entries and e-mails they cause."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.accounts import services
from kakehashi.accounts.models import Membership, Organisation, User
from kakehashi.core.models import AuditEntry, Sector
from kakehashi.mail.models import OutboxMessage

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _create(creator, **overrides):
    fields = dict(
        name="Hamamatsu Seimitsu", country="JP", org_type="sme", size_band="10-49", region_code="JP-22",
        city="Hamamatsu", website="", name_local="浜松精密", other_country="",
    )
    fields.update(overrides)
    return services.create_organisation(
        creator, sectors=list(Sector.objects.filter(code="29")), descriptions={"ja": "精密部品", "en": "", "hi": ""}, **fields
    )


def test_create_organisation_makes_the_creator_owner_and_waits_for_approval():
    staff = StaffFactory(language="ja")
    creator = UserFactory(approval_status="pending")

    org = _create(creator)

    assert (org.status, org.slug) == ("pending", "hamamatsu-seimitsu")
    assert list(org.memberships.values_list("user", "role", "status")) == [(creator.pk, "owner", "active")]
    assert list(org.descriptions.values_list("language", "text")) == [("ja", "精密部品")]
    assert list(OutboxMessage.objects.values_list("recipient", "template", "locale")) == [
        (staff.email, "accounts/mail/staff_new_application", "ja")
    ]
    assert AuditEntry.objects.get().action == "organisation.created"


def test_create_organisation_sets_a_utc_creators_zone_from_the_country():
    creator = UserFactory(timezone="UTC")

    _create(creator)

    creator.refresh_from_db()
    assert creator.timezone == "Asia/Tokyo"


def test_create_organisation_gives_a_unique_slug_to_a_repeated_name():
    first = _create(UserFactory())
    second = _create(UserFactory())

    assert first.slug == "hamamatsu-seimitsu"
    assert second.slug.startswith("hamamatsu-seimitsu-") and second.slug != first.slug


def test_create_organisation_with_a_non_latin_name_gets_a_slug():
    org = _create(UserFactory(), name="浜松精密工業株式会社")

    assert org.slug == "organisation"


def test_approve_organisation_approves_its_pending_owner_and_mails_them_in_their_language():
    staff = StaffFactory()
    owner = UserFactory(approval_status="pending", language="hi")
    org = OrganisationFactory(status="pending")
    MembershipFactory(user=owner, organisation=org, role="owner")

    services.approve_organisation(staff, org)

    owner.refresh_from_db()
    org.refresh_from_db()
    assert (org.status, owner.approval_status) == ("approved", "approved")
    assert list(OutboxMessage.objects.values_list("recipient", "template", "locale")) == [
        (owner.email, "accounts/mail/organisation_approved", "hi")
    ]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["member.approved", "organisation.approved"]


def test_approve_organisation_approves_all_its_waiting_people_in_one_step():
    staff = StaffFactory()
    org = OrganisationFactory(status="pending")
    owner = MembershipFactory(user=UserFactory(approval_status="pending"), organisation=org, role="owner").user
    colleague = MembershipFactory(user=UserFactory(approval_status="pending", language="ja"), organisation=org, role="member").user
    asked_elsewhere = UserFactory(approval_status="pending")
    MembershipFactory(user=asked_elsewhere, organisation=OrganisationFactory(status="pending"), role="owner")

    services.approve_organisation(staff, org)

    assert dict(User.objects.filter(pk__in=[owner.pk, colleague.pk, asked_elsewhere.pk]).values_list("email", "approval_status")) == {
        owner.email: "approved", colleague.email: "approved", asked_elsewhere.email: "pending",
    }
    assert sorted(OutboxMessage.objects.values_list("recipient", "template", "locale")) == sorted([
        (owner.email, "accounts/mail/organisation_approved", "en"),
        (colleague.email, "accounts/mail/member_approved", "ja"),
    ])


def test_approving_twice_changes_nothing_the_second_time():
    staff = StaffFactory()
    org = OrganisationFactory(status="pending")
    MembershipFactory(organisation=org, role="owner")
    services.approve_organisation(staff, org)

    services.approve_organisation(staff, org)

    assert OutboxMessage.objects.count() == 1


def test_decline_organisation_keeps_the_reason_and_tells_the_owner():
    owner = UserFactory(approval_status="pending")
    org = OrganisationFactory(status="pending")
    MembershipFactory(user=owner, organisation=org, role="owner")

    services.decline_organisation(StaffFactory(), org, reason="Not an India–Japan activity.")

    org.refresh_from_db()
    message = OutboxMessage.objects.get()
    assert (org.status, org.status_note) == ("declined", "Not an India–Japan activity.")
    assert message.template == "accounts/mail/organisation_declined"
    assert "Not an India–Japan activity." in message.body_text


def test_decline_member_mails_the_reason():
    member = UserFactory(approval_status="pending", language="en")

    services.decline_member(StaffFactory(), member, reason="Unknown organisation")

    member.refresh_from_db()
    assert (member.approval_status, member.approval_note) == ("declined", "Unknown organisation")
    assert "Reason: Unknown organisation" in OutboxMessage.objects.get().body_text


def test_request_to_join_notifies_the_organisations_managers_only():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner").user
    admin = MembershipFactory(organisation=org, role="admin").user
    MembershipFactory(organisation=org, role="member")
    applicant = UserFactory(approval_status="pending")

    membership = services.request_to_join(applicant, org, message="We met at the Tokyo session.")

    assert (membership.status, membership.role) == ("requested", "member")
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == sorted([owner.email, admin.email])


def test_request_to_join_twice_is_refused():
    org = OrganisationFactory()
    applicant = UserFactory()
    services.request_to_join(applicant, org)

    with pytest.raises(ValidationError) as exc:
        services.request_to_join(applicant, org)

    assert exc.value.messages == ["You have already asked to join this organisation."]


def test_request_to_join_a_pending_organisation_is_refused():
    with pytest.raises(ValidationError):
        services.request_to_join(UserFactory(), OrganisationFactory(status="pending"))


def test_decide_join_request_by_a_plain_member_is_refused():
    org = OrganisationFactory()
    plain = MembershipFactory(organisation=org, role="member").user
    request = MembershipFactory(organisation=org, status="requested")

    with pytest.raises(PermissionDenied):
        services.decide_join_request(plain, request, accept=True)

    request.refresh_from_db()
    assert request.status == "requested"


def test_decide_join_request_by_an_admin_activates_and_mails_the_applicant():
    org = OrganisationFactory()
    admin = MembershipFactory(organisation=org, role="admin").user
    request = MembershipFactory(organisation=org, status="requested", user=UserFactory(language="ja"))

    services.decide_join_request(admin, request, accept=True)

    request.refresh_from_db()
    assert request.status == "active"
    assert list(OutboxMessage.objects.values_list("template", "locale")) == [("accounts/mail/membership_accepted", "ja")]


def test_accepting_a_join_request_approves_a_waiting_applicant():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner").user
    applicant = UserFactory(approval_status="pending")
    request = MembershipFactory(organisation=org, status="requested", user=applicant)

    services.decide_join_request(owner, request, accept=True)

    applicant.refresh_from_db()
    assert applicant.approval_status == "approved"
    assert list(OutboxMessage.objects.values_list("template", flat=True)) == ["accounts/mail/membership_accepted"]
    assert sorted(AuditEntry.objects.values_list("action", "actor")) == [
        ("member.approved", owner.pk), ("membership.accepted", owner.pk),
    ]


def test_declining_a_join_request_leaves_the_applicant_waiting_for_staff():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner").user
    applicant = UserFactory(approval_status="pending")
    request = MembershipFactory(organisation=org, status="requested", user=applicant)

    services.decide_join_request(owner, request, accept=False)

    applicant.refresh_from_db()
    assert applicant.approval_status == "pending"


def test_the_last_owner_cannot_be_demoted_or_removed():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner")

    with pytest.raises(ValidationError):
        services.change_role(owner.user, owner, role="admin")
    with pytest.raises(ValidationError):
        services.remove_member(owner.user, owner)

    owner.refresh_from_db()
    assert owner.role == "owner"


def test_an_admin_cannot_make_someone_owner():
    org = OrganisationFactory()
    MembershipFactory(organisation=org, role="owner")
    admin = MembershipFactory(organisation=org, role="admin")
    other = MembershipFactory(organisation=org, role="member")

    with pytest.raises(PermissionDenied):
        services.change_role(admin.user, other, role="owner")


def test_an_owner_can_hand_over_ownership_then_step_down():
    org = OrganisationFactory()
    owner = MembershipFactory(organisation=org, role="owner")
    other = MembershipFactory(organisation=org, role="member")

    services.change_role(owner.user, other, role="owner")
    services.change_role(owner.user, owner, role="member")

    assert dict(org.memberships.values_list("user", "role")) == {owner.user_id: "member", other.user_id: "owner"}


def test_delete_account_removes_an_organisation_with_no_other_member():
    owner = MembershipFactory(role="owner")
    org_id = owner.organisation_id

    services.delete_account(owner.user)

    assert not User.objects.filter(pk=owner.user_id).exists()
    assert not Organisation.objects.filter(pk=org_id).exists()


def test_delete_account_is_refused_for_the_last_owner_of_a_shared_organisation():
    org = OrganisationFactory(name="Shared Org")
    owner = MembershipFactory(organisation=org, role="owner")
    MembershipFactory(organisation=org, role="member")

    with pytest.raises(ValidationError) as exc:
        services.delete_account(owner.user)

    assert exc.value.messages == [
        "You are the only owner of Shared Org. Make another member owner before you leave."
    ]
    assert User.objects.filter(pk=owner.user_id).exists()


def test_delete_account_keeps_the_audit_trail_without_the_person():
    member = MembershipFactory(role="member")
    services.update_profile(member.user, display_name="New name")

    services.delete_account(member.user)

    assert sorted(AuditEntry.objects.values_list("action", "actor")) == [
        ("member.deleted", None),
        ("member.profile_updated", None),
        ("organisation.deleted_with_account", None),
    ]


def test_update_profile_refuses_fields_that_are_not_preferences():
    with pytest.raises(ValueError):
        services.update_profile(UserFactory(), is_staff=True)


def test_api_token_authenticates_only_its_secret():
    user = UserFactory()
    _token, secret = services.create_api_token(user, name="laptop")

    assert services.authenticate_token(secret) == user
    assert services.authenticate_token(secret + "x") is None
    assert services.authenticate_token("not-a-token") is None


def test_api_token_of_a_deactivated_account_is_refused():
    user = UserFactory()
    _token, secret = services.create_api_token(user, name="laptop")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert services.authenticate_token(secret) is None


def test_membership_unique_per_organisation_is_enforced_by_the_database():
    membership = MembershipFactory()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, organisation=membership.organisation)

