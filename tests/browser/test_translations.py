"""Reading each other: an Indian member (Hindi interface) reads a Japanese sourcing request in
the author's Hindi version and expresses interest in Hindi; the Japanese owner reads it in
Japanese through a LibreTranslate-compatible server on loopback (the translation made for her
e-mail is the one the page shows), accepts, and both write in the thread, each reading the
other in their own language with the original one click away;
staff publish a human version from the desk and it replaces the machine one."""

import re

import pytest
from playwright.sync_api import expect

from kakehashi.mail.models import OutboxMessage
from kakehashi.translations import services

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory, StaffFactory, UserFactory
from ..translations.servers import fake_translate
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_HI = "भारत में सटीक ऑटो पार्ट्स आपूर्तिकर्ताओं की तलाश"
INTEREST_HI = "हम पुणे में एल्युमिनियम हाउसिंग की मशीनिंग करते हैं"
REPLY_JA = "ありがとうございます 来月 工場を見学できますか"
ANSWER_HI = "हाँ अगले महीने आपका स्वागत है"
TITLE_EN = "Seeking Indian suppliers of precision auto parts"


def test_two_members_read_each_other_and_staff_publish_a_human_version(new_page, engine):
    tokai = OrganisationFactory(name="Tokai Seiki Kogyo", slug="tokai-seiki", country="JP", region_code="JP-23", city="Nagoya")
    sundaram = OrganisationFactory(name="Sundaram Precision Works", slug="sundaram")
    owner = MembershipFactory(organisation=tokai, role="owner", user=UserFactory(
        email="haruka@tokai.example.jp", display_name="Sato Haruka", language="ja")).user
    member = MembershipFactory(organisation=sundaram, role="owner", user=UserFactory(
        email="asha@sundaram.example.in", display_name="Asha Rao", language="hi")).user
    staff = StaffFactory(email="desk@kakehashi.example.org", display_name="Desk", language="en")
    opportunity = OpportunityFactory(organisation=tokai, created_by=owner, kind="sourcing_request", language="ja",
                                     title="精密自動車部品の調達先を募集", summary="インドで新たな調達先を探しています。",
                                     details="IATF 16949 の認証が必要です。", target_countries=["IN"])
    services.save_version(owner, "opportunity", opportunity.pk, "hi", {
        "title": TITLE_HI, "summary": "हम भारत में नए आपूर्तिकर्ता खोज रहे हैं।", "details": "IATF 16949 प्रमाणन आवश्यक है।"})

    # The Indian member reads the author's Hindi version, the original one click away.
    page = new_page("hi")
    page.context.set_default_timeout(60_000)  # the machine may be busy: wait, never assert on time
    sign_in(page, member.email)
    page.goto(f"/opportunities/{opportunity.reference}/")
    assert page.locator("h1").inner_text() == TITLE_HI
    assert page.locator(".translation-note").count() == 1
    page.locator(".show-original").click()
    assert page.locator("h1").inner_text() == "精密自動車部品の調達先を募集"
    page.locator(".show-translation").click()
    assert page.locator("h1").inner_text() == TITLE_HI

    # … and expresses interest in Hindi.
    page.locator(".interest-panel textarea[name=message]").fill(INTEREST_HI)
    page.locator(".interest-panel form.interest-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/opportunities/interests/\d+/$"))
    interest_url = page.url

    # The Japanese owner reads the interest translated into Japanese: her e-mail carried the
    # translation, computed by a task, and the page shows the same cached one.
    mail = OutboxMessage.objects.get(recipient=owner.email, template="opportunities/mail/interest_received")
    assert INTEREST_HI in mail.body_text and fake_translate(INTEREST_HI, "ja") in mail.body_text
    owner_page = new_page("ja")
    owner_page.context.set_default_timeout(60_000)
    sign_in(owner_page, owner.email)
    owner_page.goto(interest_url)
    assert owner_page.locator(".translation-note").count() == 1
    assert owner_page.locator(".interest-message").inner_text().strip() == fake_translate(INTEREST_HI, "ja")
    owner_page.locator(".show-original").click()
    assert owner_page.locator(".interest-message").inner_text().strip() == INTEREST_HI

    # She accepts and writes in Japanese; the member reads it in Hindi.
    owner_page.locator("form.accept-form button[type=submit]").click()
    owner_page.wait_for_url(re.compile(r"/opportunities/introductions/\d+/$"))
    thread_url = owner_page.url
    owner_page.locator(".message-form textarea[name=body]").fill(REPLY_JA)
    owner_page.locator(".message-form button[type=submit]").click()
    owner_page.wait_for_url(re.compile(r"#message-\d+$"))

    page.goto(thread_url)
    message = page.locator(".intro-message").last
    assert message.locator(".translation-note").count() == 1
    assert message.locator(".comment-body").inner_text().strip() == fake_translate(REPLY_JA, "hi")
    message.locator(".show-original").click()
    assert page.locator(".intro-message").last.locator(".comment-body").inner_text().strip() == REPLY_JA

    page.goto(thread_url)
    page.locator(".message-form textarea[name=body]").fill(ANSWER_HI)
    page.locator(".message-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#message-\d+$"))

    owner_page.goto(thread_url)
    assert owner_page.locator(".intro-message").last.locator(".translation-note").count() == 1
    assert owner_page.locator(".intro-message").last.locator(".comment-body").inner_text().strip() == fake_translate(ANSWER_HI, "ja")
    # her own message stays as she wrote it
    assert REPLY_JA in owner_page.locator(".intro-message").nth(1).inner_text()

    # Staff read the request by machine in English, then publish a human version from the desk.
    staff_page = new_page("en")
    staff_page.context.set_default_timeout(60_000)
    sign_in(staff_page, staff.email)
    staff_page.goto(f"/opportunities/{opportunity.reference}/")
    staff_page.locator(".translation-bar .translate-button").click()
    staff_page.wait_for_selector(".translation-note")
    assert staff_page.locator("h1").inner_text() == fake_translate("精密自動車部品の調達先を募集", "en")
    assert "translated by machine" in staff_page.locator(".translation-note").inner_text()

    services.refresh_desk()  # the periodic job's work: the request joins the desk's queue
    staff_page.goto("/translations/desk/?lang=en")
    staff_page.locator(f".desk-item[data-id='{opportunity.pk}'] a.button").click()
    # the click returns once the navigation commits; wait for the form page itself
    expect(staff_page.locator(".machine-draft")).to_have_count(1)
    assert staff_page.locator("input[name=title]").input_value() == fake_translate("精密自動車部品の調達先を募集", "en")
    staff_page.locator("input[name=title]").fill(TITLE_EN)
    staff_page.locator("textarea[name=summary]").fill("We are looking for new suppliers in India.")
    staff_page.locator("textarea[name=details]").fill("IATF 16949 certification is required.")
    staff_page.locator(".version-form button[type=submit]").click()
    staff_page.wait_for_url(re.compile(r"/translations/desk/"))
    assert staff_page.locator(f".desk-item[data-id='{opportunity.pk}']").count() == 0

    staff_page.goto(f"/opportunities/{opportunity.reference}/")
    assert staff_page.locator("h1").inner_text() == TITLE_EN
    assert "translated by the secretariat" in staff_page.locator(".translation-note").inner_text()
