"""Sign-in limits that protect without locking anyone out: the client address comes through
`TRUSTED_PROXY_COUNT` proxies; failures back off exponentially per account + address."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from kakehashi.accounts import signin_throttle

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."
PROXY = "10.0.0.2"


def sign_in(email: str, password: str, *, forwarded_for: str | None = None, peer: str = PROXY):
    client = Client(REMOTE_ADDR=peer)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    response = client.post(reverse("account_login"), {"login": email, "password": password}, **headers)
    return "_auth_user_id" in client.session, TOO_MANY in response.content.decode()


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/m/ip"}
    settings.LOGIN_FREE_FAILURES = 100  # this test is about the per-address limit only


def test_two_users_behind_one_proxy_are_limited_separately(behind_one_proxy):
    asha = UserFactory(email="asha@example.org")
    kenji = UserFactory(email="kenji@example.org")
    for _ in range(4):
        sign_in(asha.email, "wrong-password", forwarded_for="203.0.113.7")

    asha_again = sign_in(asha.email, PASSWORD, forwarded_for="203.0.113.7")
    kenji_signs_in = sign_in(kenji.email, PASSWORD, forwarded_for="198.51.100.9")

    assert (asha_again, kenji_signs_in) == ((False, True), (True, False))


def test_a_forged_leftmost_address_does_not_escape_the_limit(behind_one_proxy):
    asha = UserFactory(email="asha@example.org")
    for n in range(4):
        sign_in(asha.email, "wrong-password", forwarded_for=f"192.0.2.{n}, 203.0.113.7")

    assert sign_in(asha.email, PASSWORD, forwarded_for="192.0.2.99, 203.0.113.7") == (False, True)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/m/ip"}
    settings.LOGIN_FREE_FAILURES = 100
    asha = UserFactory(email="asha@example.org")
    for n in range(4):
        sign_in(asha.email, "wrong-password", forwarded_for=f"192.0.2.{n}")

    assert sign_in(asha.email, PASSWORD, forwarded_for="192.0.2.200") == (False, True)


def test_a_strangers_failures_do_not_stop_the_member_signing_in_from_another_address(settings):
    settings.LOGIN_BACKOFF_BASE_SECONDS = 600  # the stranger's wait must outlast a slow test run
    member = UserFactory(email="member@example.org")
    for _ in range(12):
        sign_in(member.email, "guess", peer="203.0.113.66")

    assert sign_in(member.email, PASSWORD, peer="198.51.100.5") == (True, False)
    assert sign_in(member.email, PASSWORD, peer="203.0.113.66") == (False, True)


def test_repeated_failures_from_one_address_get_increasing_delays(settings):
    settings.LOGIN_FREE_FAILURES = 2
    settings.LOGIN_BACKOFF_BASE_SECONDS = 0.05
    settings.LOGIN_BACKOFF_MAX_SECONDS = 0.4
    member = UserFactory(email="member@example.org")
    delays = []
    for _ in range(6):
        time.sleep(signin_throttle.wait_seconds(member.email, "203.0.113.66"))
        sign_in(member.email, "guess", peer="203.0.113.66")
        delays.append(signin_throttle.current_delay(member.email, "203.0.113.66"))

    refused_while_waiting = sign_in(member.email, PASSWORD, peer="203.0.113.66")

    assert delays == [0.0, 0.05, 0.1, 0.2, 0.4, 0.4]
    assert signin_throttle.failures(member.email, "203.0.113.66") == 6
    assert refused_while_waiting == (False, True)


def test_a_refused_attempt_while_waiting_does_not_check_the_password_or_count(settings):
    settings.LOGIN_FREE_FAILURES = 1
    settings.LOGIN_BACKOFF_BASE_SECONDS = 60
    member = UserFactory(email="member@example.org")
    sign_in(member.email, "guess", peer="203.0.113.66")

    results = [sign_in(member.email, PASSWORD, peer="203.0.113.66") for _ in range(3)]

    assert results == [(False, True)] * 3
    assert signin_throttle.failures(member.email, "203.0.113.66") == 1


def test_a_success_clears_the_back_off_for_that_address(settings):
    settings.LOGIN_FREE_FAILURES = 3
    member = UserFactory(email="member@example.org")
    for _ in range(2):
        sign_in(member.email, "guess", peer="198.51.100.5")

    assert sign_in(member.email, PASSWORD, peer="198.51.100.5") == (True, False)
    assert signin_throttle.failures(member.email, "198.51.100.5") == 0
