"""The "SSW employer" flag tells people: staff when an organisation asks for it, the
organisation's people when staff approve or decline it; each a notice in the notification
centre and an e-mail in their own language, delivered to a real SMTP server."""

import pytest

from kakehashi.mail import services as mail_services
from kakehashi.mail.models import OutboxMessage
from kakehashi.notices import kinds
from kakehashi.notices.models import Notice
from kakehashi.talent import services
from kakehashi.talent.models import Job, SswEmployer

from ..factories import MembershipFactory, OrganisationFactory, SswJobFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Kumamoto Farms", country="JP", region_code="JP-43", city="Kumamoto")


@pytest.fixture
def manager(organisation):
    user = UserFactory(email="sato@kumamoto.example.jp", display_name="佐藤", language="ja")
    return MembershipFactory(organisation=organisation, role="owner", user=user).user


@pytest.fixture
def colleague(organisation):
    user = UserFactory(email="meera@kumamoto.example.jp", display_name="Meera", language="hi")
    return MembershipFactory(organisation=organisation, role="member", user=user).user


@pytest.fixture
def staff(db):
    return [StaffFactory(email="desk@kakehashi.example.org", language="en"), StaffFactory(email="madoguchi@kakehashi.example.org", language="ja")]


def delivered(smtp) -> dict[str, object]:
    mail_services.deliver_due()  # on_commit does not run inside the test's transaction
    return {message["To"]: message for message in smtp.sink.messages}


def test_asking_for_the_flag_tells_every_member_of_staff_in_their_language(manager, organisation, staff, smtp):
    services.request_employer(manager, organisation.pk, "農業で3名採用予定")

    notices = Notice.objects.filter(kind="ssw_employer_requested").order_by("recipient_id")
    assert [(n.recipient, n.url, n.params) for n in notices] == [
        (staff[0], "/talent/staff/employers/", {"organisation": "Kumamoto Farms"}),
        (staff[1], "/talent/staff/employers/", {"organisation": "Kumamoto Farms"}),
    ]
    messages = delivered(smtp)
    assert set(messages) == {"desk@kakehashi.example.org", "madoguchi@kakehashi.example.org"}
    assert messages["desk@kakehashi.example.org"]["Subject"].strip() == "SSW employer request waiting for approval: Kumamoto Farms"
    assert messages["madoguchi@kakehashi.example.org"]["Subject"].strip() == "承認待ちの特定技能雇用主の申請：Kumamoto Farms"
    body = messages["madoguchi@kakehashi.example.org"].get_body(("plain",)).get_content()
    assert "農業で3名採用予定" in body and "/talent/staff/employers/" in body
    assert kinds.sentence("ssw_employer_requested", notices[0].params) == "Kumamoto Farms asks to be approved as an SSW employer."


def test_asking_again_while_waiting_does_not_tell_staff_twice(manager, organisation, staff):
    services.request_employer(manager, organisation.pk, "first")
    services.request_employer(manager, organisation.pk, "second, with more detail")

    assert Notice.objects.filter(kind="ssw_employer_requested").count() == 2  # one per member of staff
    assert OutboxMessage.objects.filter(template="talent/mail/employer_requested").count() == 2
    assert SswEmployer.objects.get(organisation=organisation).note == "second, with more detail"


def test_approval_tells_the_organisations_people_in_japanese_and_hindi(manager, colleague, organisation, staff, smtp):
    employer = services.request_employer(manager, organisation.pk)
    mail_services.deliver_due()  # staff's e-mails about the request
    smtp.sink.messages.clear()

    services.decide_employer(staff[0], employer.pk, approve=True)

    notices = Notice.objects.filter(kind="ssw_employer_approved").order_by("recipient_id")
    assert [(n.recipient, n.url) for n in notices] == [
        (manager, f"/talent/employer/#organisation-{organisation.pk}"), (colleague, f"/talent/employer/#organisation-{organisation.pk}"),
    ]
    messages = delivered(smtp)
    assert set(messages) == {"sato@kumamoto.example.jp", "meera@kumamoto.example.jp"}
    assert messages["sato@kumamoto.example.jp"]["Subject"].strip() == "Kumamoto Farms が特定技能雇用主として承認されました"
    assert messages["meera@kumamoto.example.jp"]["Subject"].strip() == "Kumamoto Farms SSW नियोक्ता के रूप में स्वीकृत है"
    assert "SSW नौकरियाँ प्रकाशित कर सकते हैं" in messages["meera@kumamoto.example.jp"].get_body(("plain",)).get_content()


def test_a_refusal_gives_the_reason_closes_published_jobs_and_a_new_request_reaches_staff_again(manager, organisation, staff):
    employer = services.request_employer(manager, organisation.pk)
    services.decide_employer(staff[0], employer.pk, approve=True)
    job = SswJobFactory(organisation=organisation)
    OutboxMessage.objects.all().delete()

    services.decide_employer(staff[1], employer.pk, approve=False, note="登録支援機関の情報が不足しています")

    [notice] = Notice.objects.filter(kind="ssw_employer_declined")
    assert (notice.recipient, notice.actor) == (manager, staff[1])
    [message] = OutboxMessage.objects.filter(template="talent/mail/employer_decided")
    assert (message.recipient, message.locale, message.context["approved"]) == ("sato@kumamoto.example.jp", "ja", False)
    assert message.context["reason"] == "登録支援機関の情報が不足しています"
    assert Job.objects.get(pk=job.pk).status == "closed"

    services.request_employer(manager, organisation.pk, "支援機関を登録しました")
    assert Notice.objects.filter(kind="ssw_employer_requested").count() == 4  # two requests × two members of staff


def test_the_employer_page_shows_staffs_reason_for_a_refusal(client, manager, organisation, staff):
    employer = services.request_employer(manager, organisation.pk)
    services.decide_employer(staff[0], employer.pk, approve=False, note="Missing the support organisation")
    client.force_login(manager)

    html = client.get("/talent/employer/").content.decode()

    assert "Missing the support organisation" in html


def test_staff_decide_from_the_page_and_the_members_are_told(client, manager, organisation, staff):
    employer = services.request_employer(manager, organisation.pk)
    client.force_login(staff[0])

    response = client.post("/talent/staff/employers/", {"employer": employer.pk, "decision": "approve", "note": ""})

    assert response.status_code == 302
    assert list(Notice.objects.filter(kind="ssw_employer_approved").values_list("recipient_id", flat=True)) == [manager.pk]
    assert OutboxMessage.objects.filter(template="talent/mail/employer_decided", recipient=manager.email).count() == 1


def test_staff_withdraw_an_approval_from_the_page_closing_its_jobs_and_telling_its_people(client, manager, organisation, staff):
    employer = services.request_employer(manager, organisation.pk)
    services.decide_employer(staff[0], employer.pk, approve=True)
    job = SswJobFactory(organisation=organisation)
    client.force_login(staff[0])
    assert f'id="employer-{employer.pk}"' in client.get("/talent/staff/employers/").content.decode()

    assert client.post("/talent/staff/employers/", {"employer": employer.pk, "decision": "approve"}).status_code == 404
    response = client.post("/talent/staff/employers/", {"employer": employer.pk, "decision": "decline", "note": "No support organisation"})

    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.status, employer.decision_note) == ("declined", "No support organisation")
    assert Job.objects.get(pk=job.pk).status == "closed"
    assert list(Notice.objects.filter(kind="ssw_employer_declined").values_list("recipient_id", flat=True)) == [manager.pk]
