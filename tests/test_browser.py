"""The app in a real browser: ``evidence app`` on the ingested demo corpus, driven by Debian's
chromium through Playwright. Search, open a hit in the viewer and check the hit boxes are drawn
on the page image, open an entity page, and check document text with <script> stays text.
Screenshots of every view go to tests/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from index.mentions import require_entity
from index.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"evidence app exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"evidence app did not answer on {url}")


@contextlib.contextmanager
def _serve(data: Path):
    """``evidence app`` on ``data`` on a free port; yields its URL, stops it on exit."""
    port = _free_port()
    cli = Path(sys.executable).with_name("evidence")
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "evidence_cli"]
    cmd += ["app", "--data", str(data), "--port", str(port)]
    log = data.parent / "app.log"
    # No file watcher: an edit to any module while the tests run would otherwise put a
    # "source file changed" prompt in the status widget that _open waits to go away.
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the session started above: streamlit and its children
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")


@pytest.fixture(scope="module")
def app_url(corpus_data, tmp_path_factory):
    _require_browser()
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(corpus_data, data)  # the selection test writes to it
    with _serve(data) as url:
        yield url


@pytest.fixture(scope="module")
def dup_app_url(corpus_data, tmp_path_factory):
    """The demo corpus and a second release holding a forwarded copy of its email: one group
    of two pages."""
    _require_browser()
    from tests.conftest import ingest_paths

    root = tmp_path_factory.mktemp("browser-dups")
    data = root / "data"
    shutil.copytree(corpus_data, data)
    release = root / "release-2"
    release.mkdir()
    email = (ROOT / "corpus" / "email-booking-feed.eml").read_text(encoding="utf-8")
    forwarded = email.replace("Message-ID: <", "Message-ID: <fwd.", 1).replace(
        "Renata, Marcus,", "Renata, Marcus, (forwarded to the county)", 1
    )
    (release / "email-booking-feed-copy.eml").write_text(forwarded, encoding="utf-8")
    ingest_paths([release], data, workers=0)
    with _serve(data) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(app_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1800})
        page = context.new_page()
        page.dialogs = []  # any alert() would mean document text ran as script
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        yield page
        context.close()
        browser.close()


def _open(page, url: str, ready: str) -> None:
    """Load ``url`` and wait until the element ``ready`` shows and the script run is over."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )


def _shot(page, name: str) -> Path:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _red_pixels(png: bytes) -> int:
    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(((px[..., 0] > 200) & (px[..., 1] < 60) & (px[..., 2] < 60)).sum())


def test_search_open_hit_and_see_boxes(browser_page, app_url):
    page = browser_page
    _open(page, app_url, "input[aria-label='Search']")
    box = page.locator("input[aria-label='Search']")
    box.fill("booking")
    box.press("Enter")
    page.wait_for_selector("text=/\\d+ hit\\(s\\)/", timeout=60_000)
    page.wait_for_selector(".excerpt mark", timeout=60_000)  # the cards draw after the count
    assert page.locator("mark").count() >= 3
    _shot(page, "search")
    page.get_by_role("button", name="Open page").first.click()
    image = page.locator("img[alt*='hit boxes']")
    image.wait_for(timeout=60_000)
    alt = image.get_attribute("alt")
    count = int(alt.split(" with ")[1].split()[0])
    assert count >= 1, alt
    src = image.get_attribute("src")
    png = page.request.get(src if src.startswith("http") else app_url + src).body()
    assert _red_pixels(png) > 100 * count, "hit boxes are not drawn on the page image"
    assert "doc=" in page.url and "q=booking" in page.url
    page.wait_for_timeout(500)
    _shot(page, "viewer")


def test_document_script_text_stays_text(browser_page, app_url, corpus_data):
    from index.search import search

    page = browser_page
    hit = search(corpus_data, "onerror").hits[0]
    _open(page, f"{app_url}/?doc={hit.doc_id}&page={hit.page}&q=script", ".pagetext")
    text = page.locator(".pagetext").inner_text()
    assert "<script>alert('x')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator(".pagetext script, .pagetext img").count() == 0
    page.wait_for_timeout(1000)
    assert page.dialogs == []
    _shot(page, "viewer-script-text")


def test_entity_page_from_a_chip(browser_page, app_url, corpus_data):
    page = browser_page
    with Store(corpus_data) as store:
        entity = require_entity(store, "Renata J. Tolliver")
    _open(page, f"{app_url}/?q=tolliver", "text=/\\d+ hit\\(s\\)/")
    link = page.get_by_role("link", name=entity.canonical).first
    assert link.get_attribute("href").endswith(f"?entity={entity.entity_id}")
    _open(page, f"{app_url}/?entity={entity.entity_id}", ".excerpt mark")
    assert page.locator("h1").first.inner_text().strip() == entity.canonical
    assert page.locator(".excerpt mark").count() >= 5
    _shot(page, "entity")


def test_collect_a_hit_into_a_selection(browser_page, app_url):
    page = browser_page
    _open(page, f"{app_url}/?q=%22booking+data%22", "text=/\\d+ hit\\(s\\)/")
    # The field beside the results, after the sidebar's own.
    page.locator("input[aria-label='New selection']").last.fill("booking-memo")
    page.get_by_role("button", name="Create selection").last.click()
    page.wait_for_selector("text=Created selection booking-memo", timeout=60_000)
    add = page.get_by_role("button", name="Add to selection").first
    add.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some("
        "b => b.innerText.includes('Add to selection') && !b.disabled)",
        timeout=60_000,
    )
    add.click()
    page.wait_for_selector("text=Added as item 1 of booking-memo", timeout=60_000)
    page.get_by_role("button", name="Selections").click()
    page.wait_for_selector("h1:has-text('Selections')", timeout=60_000)
    page.wait_for_selector("text=Showing booking-memo", timeout=60_000)
    from playwright.sync_api import expect

    # stale elements of the search page fade out while the view reruns: wait for them to go
    expect(page.locator(".excerpt")).to_have_count(1, timeout=30_000)
    expect(page.get_by_role("button", name="Selection .docx")).to_have_count(1)
    _shot(page, "selections-with-item")


@pytest.mark.parametrize(
    ("view", "ready"),
    [
        ("entities", "text=Also written"),
        ("connections", ".stGraphVizChart svg, [data-testid='stGraphVizChart'] svg"),
        ("money", "text=Largest amounts"),
        ("selections", "h1:has-text('Selections')"),
        ("status", "text=Files that could not be read"),
        ("timeline", "text=/\\d+ date\\(s\\) written on pages/"),
    ],
)
def test_every_view_renders(browser_page, app_url, view, ready):
    page = browser_page
    _open(page, f"{app_url}/?view={view}", ready)
    assert not page.locator("[data-testid='stException']").count()
    page.wait_for_timeout(500)
    _shot(page, view)


def test_timeline_draws_document_and_page_dates(browser_page, app_url):
    page = browser_page
    _open(page, f"{app_url}/?view=timeline", "text=/\\d+ date\\(s\\) written on pages/")
    page.locator(
        "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    ).first.wait_for(timeout=60_000)
    assert page.get_by_text("2026-02-01").count() >= 1  # the agreement's effective date
    page.wait_for_timeout(800)
    _shot(page, "timeline")


def _hit_count(page) -> int:
    return int(page.get_by_text(re.compile(r"^\d+ hit\(s\)")).first.inner_text().split()[0])


def test_duplicate_group_is_one_hit_with_its_twin_listed(browser_page, dup_app_url):
    page = browser_page
    _open(page, f"{dup_app_url}/?q=%22query+volumes%22+dup%3Aall", "text=/\\d+ hit\\(s\\)/")
    every_copy = _hit_count(page)
    _open(page, f"{dup_app_url}/?q=%22query+volumes%22", "text=/\\d+ hit\\(s\\)/")
    assert _hit_count(page) == every_copy - 1, "the forwarded copy is folded into its twin"
    expander = page.get_by_text("Also on 1 page", exact=True)
    expander.first.wait_for(timeout=60_000)
    expander.first.click()
    page.get_by_text("email-booking-feed-copy.eml, page 1").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    _shot(page, "duplicate-group")


def test_server_listens_on_loopback_only(app_url):
    """``evidence app`` must not expose the documents to the network unless told to."""
    import psutil

    port = int(app_url.rsplit(":", 1)[1])
    listening = [
        c.laddr.ip
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    ]
    assert listening and set(listening) <= {"127.0.0.1", "::1"}, listening


def test_screenshots_folder_is_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "check-ignore", "tests/screenshots/search.png"], cwd=ROOT, capture_output=True
    )
    assert out.returncode == 0


def test_search_box_has_focus_and_is_first_in_tab_order(browser_page, app_url):
    """Guards keyboard use: on load the search box has the focus, and typing then Enter
    searches; from the page's start, Tab reaches the search box before any other field."""
    page = browser_page
    _open(page, app_url, "input[aria-label='Search']")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.getAttribute('aria-label')"
        " === 'Search'",
        timeout=30_000,
    )
    page.keyboard.type("booking")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=/\\d+ hit\\(s\\)/", timeout=60_000)
    fields = page.locator("input:visible, textarea:visible, select:visible")
    assert fields.first.get_attribute("aria-label") == "Search"
