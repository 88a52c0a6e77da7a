"""The SSW pathway end to end: an Indian candidate (Hindi interface) with JLPT N5 sees that a
food-service job needs N4 or JFT-Basic A2, records a JFT-Basic A2 pass, becomes eligible and
applies; the Japanese employer (Japanese interface) sees the candidate, schedules the
interview (shown in JST and IST), makes an offer and records the Certificate of Eligibility
application; both get e-mails in their languages through a real SMTP server; an employer of
another organisation sees neither the candidate nor their documents."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from kakehashi.talent.models import SkillsTestResult
from kakehashi.talent.pipeline.models import Application

from ..factories import (
    CandidateDocumentFactory,
    CandidateProfileFactory,
    MembershipFactory,
    SswEmployerFactory,
    SswJobFactory,
    UserFactory,
)
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def _mails_to(smtp, address):
    return [m for m in smtp.sink.messages if m["To"] == address]


def test_candidate_becomes_eligible_applies_and_the_employer_moves_them_to_the_certificate_of_eligibility(new_page, smtp):
    employer_org = SswEmployerFactory(organisation__name="Sakura Shokudo").organisation
    employer = MembershipFactory(organisation=employer_org, role="owner", user=UserFactory(
        email="tanaka@sakura.example.jp", display_name="田中 一郎", language="ja", timezone="Asia/Tokyo")).user
    stranger = MembershipFactory(organisation=SswEmployerFactory(organisation__name="Fuji Foods").organisation, role="owner",
                                 user=UserFactory(email="sato@fuji.example.jp", language="ja", timezone="Asia/Tokyo")).user
    job = SswJobFactory(organisation=employer_org, field_code="food_service", title_en="Restaurant kitchen staff",
                        title_ja="飲食店の調理スタッフ")
    candidate = CandidateProfileFactory(discoverable=False, jlpt_level=5, jlpt_date=dt.date(2025, 7, 6), user=UserFactory(
        email="priya@example.in", display_name="Priya Sharma", language="hi", timezone="Asia/Kolkata"))
    SkillsTestResult.objects.create(profile=candidate, field_code="food_service", level=1, passed_on=dt.date(2025, 9, 1), score=78)
    document = CandidateDocumentFactory(profile=candidate, original_name="passport.pdf")

    # The candidate, in Hindi: N5 is not enough for this job.
    page = new_page("hi")
    sign_in(page, candidate.user.email)
    page.goto(f"/talent/jobs/{job.pk}/")
    assert "JLPT N4 या JFT-Basic A2 आवश्यक है — आपके पास N5 है" in page.locator(".ssw-match").inner_text()
    assert page.locator("form.ssw-apply").count() == 1

    # They record a JFT-Basic A2 pass (215 of 250) and are eligible.
    page.goto("/talent/profile/")
    passed = timezone.localdate() - dt.timedelta(days=20)
    page.locator("#id_jft_score").fill("215")
    page.locator("#id_jft_date").fill(passed.isoformat())
    page.locator("form[action='/talent/profile/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/talent/jobs/{job.pk}/")
    assert page.locator(".ssw-match strong.eligible").count() == 1
    assert "JLPT N4 या JFT-Basic A2" not in page.locator(".ssw-match").inner_text()

    page.locator("form.ssw-apply textarea[name=message]").fill("मैंने पुणे के होटल में तीन साल खाना बनाया है।")
    page.locator("form.ssw-apply button[type=submit]").click()
    page.wait_for_url(re.compile(r"/talent/applications/\d+/$"))
    application = Application.objects.get()
    assert page.locator("#state").inner_text() == "आवेदन किया"

    # The employer, in Japanese, sees the candidate on the job's board and opens the application.
    boss = new_page("ja")
    sign_in(boss, employer.email)
    boss.goto(f"/talent/jobs/{job.pk}/pipeline/")
    boss.locator(".ssw-column[data-state=applied] a", has_text="Priya Sharma").click()
    boss.wait_for_url(f"**/talent/applications/{application.pk}/")
    boss.locator("button[name=move][value=screening]").click()
    boss.wait_for_url(f"**/talent/applications/{application.pk}/")
    assert boss.locator("#state").inner_text() == "書類選考中"

    # The interview: 10:00 in Tokyo, in the employer's own zone (Asia/Tokyo is preselected).
    day = (timezone.now() + dt.timedelta(days=30)).astimezone(JST).date()
    boss.locator("#id_starts_at").fill(f"{day.isoformat()}T10:00")
    boss.locator("#id_minutes").fill("45")
    boss.locator("#id_where").fill("https://meet.example/sakura-priya")
    boss.locator("form.ssw-interview-form button[type=submit]").click()
    boss.wait_for_url(f"**/talent/applications/{application.pk}/")
    shown = boss.locator(".ssw-interview .dual-time").inner_text()
    assert re.search(r"10:00 JST.*06:30 IST", shown), shown
    application.refresh_from_db()
    assert application.interview_at == dt.datetime.combine(day, dt.time(10, 0), tzinfo=JST)

    # The candidate sees it in their zone first (IST), then JST, and can download the .ics.
    page.goto(f"/talent/applications/{application.pk}/")
    assert re.search(r"06:30 IST.*10:00 JST", page.locator(".ssw-interview .dual-time").inner_text())
    ics = page.request.get(f"/talent/applications/{application.pk}/interview.ics")
    assert ics.status == 200 and "BEGIN:VEVENT" in ics.text() and "TZID=Asia/Tokyo" in ics.text()

    # At the interview stage the employer may open the candidate's documents.
    assert boss.request.get(f"/talent/documents/{document.pk}/download/").status == 200

    boss.locator("button[name=move][value=offer]").click()
    boss.wait_for_url(f"**/talent/applications/{application.pk}/")
    boss.locator("button[name=move][value=coe_applied]").click()
    boss.wait_for_url(f"**/talent/applications/{application.pk}/")
    assert boss.locator("#state").inner_text() == "在留資格認定証明書 申請済み"
    page.goto(f"/talent/applications/{application.pk}/")
    assert page.locator("#state").inner_text() == "पात्रता प्रमाणपत्र (CoE) के लिए आवेदन किया"

    # E-mails through the SMTP server, each in its reader's language.
    [to_employer] = _mails_to(smtp, employer.email)
    assert to_employer["Subject"].strip() == "Priya Sharma さん、「飲食店の調理スタッフ」への応募：応募済み"
    to_candidate = _mails_to(smtp, candidate.user.email)
    assert [m["Subject"].strip() for m in to_candidate] == [
        "“Restaurant kitchen staff” के लिए आपका आवेदन: जाँच जारी",
        "“Restaurant kitchen staff” के लिए आपका आवेदन: साक्षात्कार",
        "“Restaurant kitchen staff” के लिए आपका आवेदन: प्रस्ताव",
        "“Restaurant kitchen staff” के लिए आपका आवेदन: पात्रता प्रमाणपत्र (CoE) के लिए आवेदन किया",
    ]
    interview_mail = to_candidate[1]
    body = interview_mail.get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"06:30 IST\s+\S.*10:00 JST", body), body
    [attachment] = list(interview_mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"

    # An employer of another organisation: no candidate page, no document, no board, no application.
    other = new_page("ja")
    sign_in(other, stranger.email)
    for url in (f"/talent/candidates/{candidate.pk}/", f"/talent/documents/{document.pk}/download/",
                f"/talent/jobs/{job.pk}/pipeline/", f"/talent/applications/{application.pk}/"):
        assert other.request.get(url).status == 404, url
