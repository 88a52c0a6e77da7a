"""Sign up → verification link from the outbox → organisation → staff approval → dashboard."""

import re

import pytest

from kakehashi.mail.models import OutboxMessage

from ..factories import PASSWORD, StaffFactory
from .helpers import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verification_path(email: str) -> str:
    body = OutboxMessage.objects.get(recipient=email, template="account/email/email_confirmation_signup").body_text
    return re.search(r"/accounts/confirm-email/[^\s/]+/", body).group(0)


def _sign_up_and_register(page, *, name: str, email: str, org: str, texts: dict[str, str]) -> None:
    page.goto("/")
    page.get_by_role("link", name=texts["join"], exact=True).click()
    page.get_by_label(texts["your_name"]).fill(name)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    page.goto(_verification_path(email))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/welcome/$"))

    page.get_by_role("link", name=texts["register_org"]).click()
    page.locator("#id_name").fill(org)
    page.locator("#id_country").select_option("JP")
    page.locator("#id_org_type").select_option("sme")
    page.locator("#id_size_band").select_option("10-49")
    page.locator("#id_region_code").select_option("JP-23")
    page.locator("#id_city").fill("Nagoya")
    pick(page, "sectors", "29", "28")
    page.locator("#id_description_ja").fill("名古屋の精密自動車部品メーカーです。インドの提携先を探しています。")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/welcome/$"))


def _approve(page, org: str) -> None:
    staff = StaffFactory(email="desk@kakehashi.example")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.goto("/staff/approvals/")
    card = page.locator("article.approval[id^=org-]", has_text=org)
    card.get_by_role("button", name="Approve").click()
    page.wait_for_url(re.compile(r"/staff/approvals/$"))
    assert page.locator("article.approval", has_text=org).count() == 0  # the owner was approved with it


EN = {"join": "Join", "your_name": "Your name", "register_org": "Register an organisation"}
JA = {"join": "参加する", "your_name": "氏名", "register_org": "組織を登録"}


def test_a_new_member_signs_up_registers_is_approved_and_reaches_the_dashboard(new_page):
    member = new_page("en")
    _sign_up_and_register(member, name="Asha Rao", email="asha@chubu-gears.example", org="Chubu Gears", texts=EN)
    assert "waits for approval" in member.locator(".messages").inner_text()

    _approve(new_page("en"), "Chubu Gears")

    member.goto("/dashboard/")
    assert member.locator("h1").inner_text() == "Welcome, Asha Rao"
    assert member.get_by_role("link", name="Chubu Gears").count() == 1
    approved_mail = OutboxMessage.objects.get(recipient="asha@chubu-gears.example", template="accounts/mail/organisation_approved")
    assert approved_mail.locale == "en"


def test_the_same_flow_in_japanese_shows_japanese_text(new_page):
    member = new_page("ja")
    _sign_up_and_register(member, name="山田 花子", email="hanako@chubu-gears.example", org="中部ギア株式会社", texts=JA)
    assert member.locator("html").get_attribute("lang") == "ja"
    assert "承認" in member.locator(".messages").inner_text()

    _approve(new_page("en"), "中部ギア株式会社")

    member.goto("/dashboard/")
    assert member.locator("h1").inner_text() == "ようこそ、山田 花子 さん"
    member.locator("header summary", has_text="アカウント").click()  # the account menu
    assert member.get_by_role("link", name="設定", exact=True).count() == 1
    mail = OutboxMessage.objects.get(recipient="hanako@chubu-gears.example", template="accounts/mail/organisation_approved")
    assert mail.locale == "ja"
    assert "中部ギア株式会社" in mail.subject
