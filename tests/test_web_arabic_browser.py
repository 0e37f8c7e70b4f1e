"""An Arabic report page in real headless Chromium: the report text is laid out right to left (computed
style), the page layout stays left to right, and every highlighted evidence span shows exactly the stored
evidence text. The report is FICTIONAL (see test_web_arabic)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_web import fresh_docket
from test_web_arabic import ARABIC_EVIDENCE, ArabicDocket, build_arabic_docket
from test_web_browser import OUT, browser, console_errors, live_server  # noqa: F401 (browser is a fixture)

pytestmark = pytest.mark.browser

from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def ar_server(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[tuple[str, ArabicDocket]]:
    from docket.web import create_app

    for d in fresh_docket(tmp_path_factory, seeded_home, "browser-arabic", build_arabic_docket):
        with live_server(create_app(d.url, home=d.home, secret="browser-secret")) as url:
            yield url, d


def test_arabic_report_page_in_chromium(ar_server: tuple[str, ArabicDocket], browser) -> None:  # noqa: F811
    url, d = ar_server
    browser.get(f"{url}/reports/{d.arabic_id}")
    text = browser.find_element(By.ID, "report-text")
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.direction, s.textAlign, arguments[0].lang,"
        " getComputedStyle(document.body).direction];", text)
    assert style == ["rtl", "right", "ar", "ltr"], style
    # the stored evidence spans, as the API gives them, against what the page highlights
    api = browser.execute_script(
        "const r = await fetch(arguments[0]); return await r.json();", f"{url}/api/reports/{d.arabic_id}")
    stored = {r["key"]: api["text"][r["start"]:r["end"]] for r in api["incidents"][0]["evidence_rows"]}
    assert sorted(stored.values()) == sorted(ARABIC_EVIDENCE.values())
    shown = browser.execute_script(
        "const out = {}; for (const m of document.querySelectorAll('#report-text mark.ev')) {"
        "  for (const k of m.dataset.ev.split(' ')) out[k] = (out[k] || '') + m.textContent; } return out;")
    assert shown == stored
    # the whole text reads back unchanged (highlighting cut nothing out and added nothing)
    assert browser.execute_script("return arguments[0].textContent;", text) == api["text"]
    # the paragraph's first words (the first highlighted span) start at the right edge of the text box
    box, first = (browser.execute_script("return arguments[0].getBoundingClientRect().toJSON();", e) for e in (
        text, text.find_elements(By.CSS_SELECTOR, "mark.ev")[0]))
    assert first["right"] > box["left"] + 0.85 * box["width"], (first, box)
    # the side panel keeps its place beside the text (layout intact) and clicking an evidence link focuses its span
    side = browser.find_element(By.CSS_SELECTOR, ".report-side")
    assert side.location["x"] > text.location["x"]
    link = browser.find_element(By.CSS_SELECTOR, ".evlist a.ev")
    link.click()  # a link to the same report with the span to focus: a new page, so wait for it
    focused = WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#report-text mark.focus"), "no focused evidence span")
    assert focused and focused[0].text.strip() in ARABIC_EVIDENCE.values()
    OUT.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(OUT / "arabic-report.png"))
    assert not console_errors(browser)
