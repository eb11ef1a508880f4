"""Read a page that JavaScript fills in, with Playwright driving the system's Chromium."""

from __future__ import annotations

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package; no `playwright install` needed
# The sandbox walls a renderer that a hostile page has taken over off from your files and
# network. Playwright turns it off unless asked, so ask: these pages are not yours.
CHROMIUM_SANDBOX = True
CHROMIUM_ARGS = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def rendered_books(url: str, user_agent: str) -> list[str]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, chromium_sandbox=CHROMIUM_SANDBOX
        )
        try:
            page = browser.new_page(user_agent=user_agent)
            page.goto(url, timeout=10_000)
            # Wait for the script to fill the list, not for a fixed number of seconds.
            page.locator("#books li.book").first.wait_for(timeout=10_000)
            return page.locator("#books li.book").all_text_contents()
        finally:
            browser.close()
