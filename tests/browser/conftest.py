"""Playwright drives Debian's Chromium (test tools cannot download browsers here)."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import CHROMIUM

# pytest-django's live_server runs in this thread while Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1024, "height": 900}}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, page):
    """Keep a full-page screenshot of the page as it was when a browser test failed."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = request.config.rootpath / "browser-screenshots"
        folder.mkdir(exist_ok=True)
        path = folder / f"{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the failing page: {path}")


# WCAG 2.2 AA, and every piece of a page inside a landmark (axe `region`, a best practice that an
# audit found failed by back links on 115 pages).
WCAG_22_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"region": {"enabled": True}},
}


@pytest.fixture
def check_a11y():
    axe = Axe()
    checked = []

    def check(page, what):
        results = axe.run(page, options=WCAG_22_AA)
        checked.append(what)
        assert results.violations_count == 0, f"{what}: {results.generate_report()}"

    check.checked = checked
    return check


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in transactions that end in a flush; make sure the migrations' reference
    data (groups, council areas, services, partners) is there whatever ran before."""
    from django.apps import apps

    from triage.reference_loader import load_reference_data

    load_reference_data(apps)
