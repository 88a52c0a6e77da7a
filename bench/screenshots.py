"""Screenshots of the pages in English, Japanese and Hindi into docs/screenshots/.

    make screenshots      (or: .venv/bin/python bench/screenshots.py)
"""


from playwright.sync_api import sync_playwright

from _server import ROOT, serve

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "/",
    "directory": "/organisations/?country=JP",
    "community-post": "/community/posts/india-japan-partnership-perspectives-digital-partnership/",
    "opportunities-search": "/opportunities/?q=精密自動車部品の加工",
    "events-series": "/events/series/india-japan-partnership-perspectives/",
    "events-session": "/events/sessions/india-japan-digital-partnership-2021-01-18/",
}
# Seen by staff (who see every opportunity's matches): the Japanese sourcing request's matches.
SIGNED_IN = {"opportunity-matches": "/opportunities/KK-A0000001/"}
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with serve(reindex=True) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for language in ("en", "ja", "hi"):
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=language,
                                          extra_http_headers={"Accept-Language": language})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(url + path)
                target = OUT / f"{name}-{language}.png"
                page.screenshot(path=str(target))
                print(target.relative_to(ROOT))
            page.goto(url + "/accounts/login/")
            page.locator("input[name=login]").fill("admin@kakehashi.example")
            page.locator("input[name=password]").fill("kakehashi-demo")
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            with page.expect_navigation():  # the menu switches on change; its button is hidden
                page.locator("form.lang").evaluate("(form, language) => { form.language.value = language; form.submit(); }", language)
            for name, path in SIGNED_IN.items():
                page.goto(url + path)
                page.locator(".match-list .match details").first.evaluate("d => d.open = true")
                target = OUT / f"{name}-{language}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
