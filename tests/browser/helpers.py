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


def pick(page, name: str, *values: str) -> None:
    """Choose options of a searchable picker (a multiple <select data-picker>) the way a
    member does: type the option's text into its search box, then tick it."""
    search = page.locator(f"#id_{name}_search")
    for value in values:
        text = page.locator(f"#id_{name} option[value='{value}']").inner_text()
        search.fill(text)
        page.locator(f"#id_{name}_list label").filter(has_text=re.compile("^" + re.escape(text) + "$")).click()
    search.fill("")
