"""Helpers of the browser tests."""

import re

from ..factories import PASSWORD


def sign_in(page, email: str) -> None:
    """Sign in through the login page with the factories' password; waits for the dashboard."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
