"""An SSW employer from the request to a job Indian candidates read in Hindi: a Japanese
manager (Japanese interface) asks for the "SSW employer" flag, staff are told in the
notification centre and by e-mail and approve it, the manager is told in Japanese, posts a job
written in Japanese only and publishes it; an Indian candidate (Hindi interface) asks for a
machine translation through a LibreTranslate-compatible server on loopback and reads the job
in Hindi, the original one click away."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.mail import services as mail_services
from kakehashi.talent.models import Job

from ..factories import CandidateProfileFactory, MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from ..translations.servers import fake_translate
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_JA = "ハウス野菜の農作業員"
DUTIES_JA = "トマトの収穫と出荷作業を行います。"


def test_a_manager_asks_staff_approve_and_a_hindi_candidate_reads_the_japanese_job_in_hindi(new_page, smtp, engine):
    farm = OrganisationFactory(name="Kumamoto Farms", country="JP", region_code="JP-43", city="Kumamoto")
    manager = MembershipFactory(organisation=farm, role="owner", user=UserFactory(
        email="sato@kumamoto.example.jp", display_name="佐藤 花子", language="ja", timezone="Asia/Tokyo")).user
    staff = StaffFactory(email="desk@kakehashi.example.org", display_name="Desk", language="en")
    candidate = CandidateProfileFactory(fields_of_interest=["agriculture"], user=UserFactory(
        email="priya@example.in", display_name="Priya Sharma", language="hi", timezone="Asia/Kolkata"))

    # The manager, in Japanese, asks for the flag.
    boss = new_page("ja")
    boss.context.set_default_timeout(60_000)  # the machine may be busy: wait, never assert on time
    sign_in(boss, manager.email)
    boss.goto("/talent/employer/")
    boss.locator("textarea[name=note]").fill("農業で3名採用予定です")
    boss.locator("main form.stacked button[type=submit]").click()
    boss.wait_for_url("**/talent/employer/")
    assert "スタッフの承認待ちです" in boss.locator(f"#organisation-{farm.pk}").inner_text()

    # Staff find it in the notification centre and in their mail, and approve it.
    desk = new_page("en")
    desk.context.set_default_timeout(60_000)
    sign_in(desk, staff.email)
    desk.goto("/notifications/")
    assert "Kumamoto Farms asks to be approved as an SSW employer." in desk.locator("main").inner_text()
    mail_services.deliver_due()
    [request_mail] = [m for m in smtp.sink.messages if m["To"] == staff.email]
    assert request_mail["Subject"].strip() == "SSW employer request waiting for approval: Kumamoto Farms"
    desk.goto("/talent/staff/employers/")
    desk.locator("button[name=decision][value=approve]").click()
    desk.wait_for_url("**/talent/staff/employers/")

    # The manager is told in Japanese, then posts a job written in Japanese only.
    mail_services.deliver_due()
    [approved_mail] = [m for m in smtp.sink.messages if m["To"] == manager.email]
    assert approved_mail["Subject"].strip() == "Kumamoto Farms が特定技能雇用主として承認されました"
    boss.goto("/notifications/")
    assert "Kumamoto Farms が特定技能雇用主として承認されました。" in boss.locator("main").inner_text()
    boss.goto("/talent/employer/")
    boss.locator(f"#organisation-{farm.pk} a.button").click()
    boss.locator("#id_field_code").select_option("agriculture")
    boss.locator("#id_title_ja").fill(TITLE_JA)
    boss.locator("#id_duties_ja").fill(DUTIES_JA)
    boss.locator("#id_prefecture").select_option("JP-43")
    boss.locator("#id_city").fill("熊本市")
    boss.locator("#id_monthly_wage_jpy").fill("190000")
    boss.locator("#id_hours_per_week").fill("40")
    boss.locator("#id_openings").fill("3")
    boss.locator("#id_start_date").fill((timezone.localdate() + dt.timedelta(days=90)).isoformat())
    boss.locator("main form button[type=submit]").click()
    boss.wait_for_url("**/talent/jobs/*/")
    job = Job.objects.get(organisation=farm)
    boss.locator("button[name=status][value=published]").click()
    boss.wait_for_url(f"**/talent/jobs/{job.pk}/")
    assert boss.locator("h1").inner_text() == TITLE_JA
    assert boss.locator(".versions .version-hi").count() == 1  # the employer may write the Hindi version

    # The candidate, in Hindi, has the job translated by machine and reads it.
    page = new_page("hi")
    page.context.set_default_timeout(60_000)
    sign_in(page, candidate.user.email)
    page.goto(f"/talent/jobs/{job.pk}/")
    assert page.locator("h1").inner_text() == TITLE_JA
    page.locator(".translation-bar .translate-button").click()
    page.wait_for_selector(".translation-note")
    assert page.locator("h1").inner_text() == fake_translate(TITLE_JA, "hi")
    assert fake_translate(DUTIES_JA, "hi") in page.locator("dl.ssw-job").inner_text()
    page.locator(".show-original").click()
    assert page.locator("h1").inner_text() == TITLE_JA
    page.goto("/talent/jobs/")
    assert fake_translate(TITLE_JA, "hi") in page.locator("ul.ssw-jobs").inner_text()
