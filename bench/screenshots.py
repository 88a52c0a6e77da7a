"""Screenshots of the pages in English, Japanese and Hindi into docs/screenshots/.

    make screenshots      (or: .venv/bin/python bench/screenshots.py)
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

from _server import ROOT, serve

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = {
    "home": "/",
    "directory": "/organisations/?country=JP",
    "community-post": "/community/posts/india-japan-partnership-perspectives-digital-partnership/",
}
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with serve() as url, sync_playwright() as p:
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
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
