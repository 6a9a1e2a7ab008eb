"""Time the adviser journey for one person in a real browser: `python benchmarks/journey_browser.py`.

Against a running service (`make run`, or `--url`), as the demo adviser, at a 768 px tablet width:
sign in, (choose the event if the home page offers event mode), register a person, complete the
checklist, record one piece of support. It counts what an adviser has to do, not only seconds:

- page loads (every document the browser fetched, form posts included);
- fields the adviser typed, picked or ticked (a field already holding a sensible default, such as
  a situation chosen by event mode, is not touched and not counted);
- the checklist page's scroll height at 768 px (how far a thumb travels);
- wall time, which on a shared machine is the least trustworthy of the four.

Run it at two commits against the same demo data to compare (the note on issue 11 quotes both).
Needs Debian's Chromium (`/usr/bin/chromium`); nothing is downloaded.
"""

import argparse
import json
import secrets
import time
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


class Counter:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.loads = 0
        self.fields = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.loads += 1

    def fill(self, selector: str, value: str) -> None:
        field = self.page.locator(selector)
        if field.input_value():
            return
        field.fill(value)
        self.fields += 1

    def select(self, selector: str, index: int = 1) -> None:
        field = self.page.locator(selector)
        if field.input_value():
            return
        field.select_option(index=index)
        self.fields += 1

    def check(self, selector: str) -> None:
        field = self.page.locator(selector)
        if field.is_checked():
            return
        field.check()
        self.fields += 1


def go(page: Page, target) -> None:
    """Click a link or button (a selector or a locator) and wait for the page it loads."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def answer_unanswered_radios(counter: Counter) -> None:
    """Answer every question still unanswered with its first option: the same answers each run."""
    page = counter.page
    names = page.eval_on_selector_all("input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    for name in names:
        if page.locator(f"input[name='{name}']:checked").count():
            continue
        first = page.locator(f"input[name='{name}']").first
        if first.is_visible():
            first.check()
            counter.fields += 1


def journey(page: Page, url: str, username: str, password: str) -> dict:
    counter = Counter(page)
    started = time.perf_counter()
    page.goto(f"{url}/accounts/login/")
    counter.fill("#id_username", username)
    counter.fill("#id_password", password)
    go(page, "button:has-text('Sign in')")

    event_link = page.locator("a:has-text('Choose the event')")
    if event_link.count():
        go(page, event_link.first)
        page.locator("input[type=radio]").first.check()
        counter.fields += 1
        go(page, page.locator("main form button.govuk-button").first)

    go(page, "nav a:has-text('Find a person')")
    go(page, "a:has-text('Register a new person')")
    counter.fill("#id_given_name", "Journey")
    counter.fill("#id_family_name", f"Timing-{secrets.token_hex(3)}")
    counter.fill("#id_date_of_birth_0", "14")
    counter.fill("#id_date_of_birth_1", "6")
    counter.fill("#id_date_of_birth_2", "1979")
    counter.select("#id_council_area")
    counter.select("#id_situation")
    counter.check("#id_consent_given")
    go(page, "button:has-text('Register person')")
    if page.locator("button[name=confirm_not_duplicate]").count():
        go(page, "button[name=confirm_not_duplicate]")

    if "/assessments/add/" not in page.url:  # at an event, registration opens the checklist itself
        go(page, "a.govuk-button:has-text('Start the checklist')")
    checklist_height = page.evaluate("document.documentElement.scrollHeight")
    answer_unanswered_radios(counter)
    go(page, "button:has-text('Save and see the result')")
    if page.locator(".govuk-error-summary").count():
        raise SystemExit("the checklist was refused: " + page.locator(".govuk-error-summary").inner_text())

    go(page, "main a.govuk-button:has-text('Record support')")  # from the result page
    if page.locator("select#id_intervention_type").count():
        counter.select("#id_intervention_type")
    else:  # two steps: the support, then who delivers it (docs/decisions/0012)
        answer_unanswered_radios(counter)
        go(page, page.locator("main form button.govuk-button").first)
    if page.locator("select#id_partner").count():
        counter.select("#id_partner")
    today = date.today()
    counter.fill("#id_agreed_on_0", str(today.day))
    counter.fill("#id_agreed_on_1", str(today.month))
    counter.fill("#id_agreed_on_2", str(today.year))
    answer_unanswered_radios(counter)
    go(page, page.locator("main form button.govuk-button").first)
    if page.locator(".govuk-error-summary").count():
        raise SystemExit("the support was refused: " + page.locator(".govuk-error-summary").inner_text())
    elapsed = time.perf_counter() - started
    return {
        "page_loads": counter.loads,
        "fields_typed_or_picked": counter.fields,
        "checklist_scroll_height_px_at_768": checklist_height,
        "seconds": round(elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="adviser")
    parser.add_argument("--password", help="default: the demo password in data/demo-logins.txt")
    args = parser.parse_args()
    password = args.password or (ROOT / "data" / "demo-logins.txt").read_text().strip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 768, "height": 1024})
        result = journey(page, args.url.rstrip("/"), args.username, password)
        browser.close()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
