"""Fixtures for browser tests: Chromium through Playwright (the system's /usr/bin/chromium, no
browser download), a static server for build/web, and the running assistant."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from bot.kern.settings import PROJECT_ROOT
from tests.assistent import Assistent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WEB = PROJECT_ROOT / "build" / "web"
WIDGET = WEB / "ingang-widget.js"
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 30_000  # the first answers of a fresh assistant take a few seconds

expect.set_options(timeout=TIMEOUT_MS)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Per module: the sync API runs an event loop in this thread, which must not outlive the
    browser tests (asyncio.run in other tests would fail)."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Geen Chromium in {CHROMIUM}: draai scripts/services (installeert chromium).")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: empty localStorage, so a new conversation."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def web_server() -> Iterator[str]:
    """build/web over HTTP on a free port; the address without a trailing slash."""
    if not WIDGET.exists():
        pytest.fail(f"{WIDGET} ontbreekt: draai scripts/setup (bouwt de chatwidget).")
    handler = functools.partial(_QuietHandler, directory=str(WEB))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def demo_url(web_server: str, assistent: Assistent) -> str:
    """The demo municipality page, pointed at the test assistant."""
    return f"{web_server}/index.html?server={assistent.url}"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        pytest.fail(f"{AXE} ontbreekt: draai scripts/setup (npm ci in web/).")
    return AXE
