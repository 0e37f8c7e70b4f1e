"""The review workflow and the audit's page findings in real headless Chromium against a live server: the queue
by keyboard, confirm and dispute, the place picker, the log, the phone width, and hostile names on the map.

FICTIONAL docket of ``test_web.py``, built by the real `docket run`. Screenshots go to test-output/web/."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from test_web import PASSWORD, build_docket
from test_web_browser import CHROMEDRIVER, CHROMIUM, OUT, browser, live_server, not_pwned, wait_text, wait_url  # noqa: F401

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

HOSTILE = '<img src=x id=pwn onerror="window.__pwned=7">'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[str]:
    """A live uvicorn server over the FICTIONAL docket, one case's place renamed to an HTML payload (as a hostile
    gazetteer entry would name it)."""
    from docket.web import create_app

    root = tmp_path_factory.mktemp("review-browser")
    seeded_home(root / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(root / "home"))
        mine = build_docket(root)
    con = sqlite3.connect(mine.url.removeprefix("sqlite:///"))
    con.execute("UPDATE cases SET place_canonical = ? WHERE id = (SELECT min(id) FROM cases WHERE lat IS NOT NULL)",
                (HOSTILE,))
    # one FICTIONAL case far away (in Sudan): it must not shrink the Syrian cases to a corner of the map
    con.execute("UPDATE cases SET lat = 15.6, lon = 32.5, place_canonical = 'FICTIONAL far place', "
                "killed_low = NULL, killed_best = NULL, killed_high = NULL, injured_low = NULL, injured_best = NULL, "
                "injured_high = NULL WHERE id = (SELECT max(id) FROM cases WHERE lat IS NOT NULL)")
    con.commit()
    con.close()
    with live_server(create_app(mine.url, home=mine.home, secret="browser-secret")) as url:
        yield url


def test_map_tooltips_show_hostile_names_as_text(server: str, browser) -> None:  # noqa: F811
    d = browser
    d.set_window_size(1366, 900)
    d.get(server + "/")
    WebDriverWait(d, 15).until(lambda x: x.find_element(By.ID, "map").get_attribute("data-ready") == "yes")
    tips = d.execute_script("""
        var out = [];
        document.querySelectorAll('#map .leaflet-interactive').forEach(function (el) {
          el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        });
        document.querySelectorAll('#map .leaflet-tooltip').forEach(function (t) { out.push(t.textContent); });
        return out;""")
    assert any("<img src=x" in t for t in tips), tips   # the name is shown as the text it is
    assert int(d.find_element(By.ID, "map").get_attribute("data-zoom")) >= 7, "one far case shrank the map"
    assert d.find_elements(By.CSS_SELECTOR, "#map .leaflet-tooltip.place-label")   # places are labelled
    assert not d.find_elements(By.CSS_SELECTOR, "#map img#pwn, #map img[src='x']")   # never as an element
    # a place where no report stated a figure says so in its popup, never "killed 0"
    popups = d.execute_script("""
        var out = [];
        document.querySelectorAll('#map path.leaflet-interactive').forEach(function (el) {
          el.dispatchEvent(new MouseEvent('click', {bubbles: true}));
          var c = document.querySelector('#map .leaflet-popup-content');
          if (c) { out.push(c.textContent); }
        });
        return out;""")
    assert any("killed not stated, injured not stated" in p for p in popups), popups
    assert not any("killed 0, injured 0" in p for p in popups), popups
    not_pwned(d)


def test_phone_width_has_no_sideways_scroll_and_readable_labels(server: str, browser) -> None:  # noqa: F811
    d = browser
    d.set_window_size(390, 844)
    try:
        for path in ("/", "/log", "/login"):
            d.get(server + path)
            width = d.execute_script("return document.documentElement.scrollWidth")
            inner = d.execute_script("return window.innerWidth")
            assert width <= inner + 1, f"{path}: the page is {width} px wide on a {inner} px screen"
        d.get(server + "/")
        sizes = d.execute_script("""
            return Array.prototype.map.call(document.querySelectorAll('svg.timeline text'),
              function (t) { return t.getBoundingClientRect().height; });""")
        assert sizes and min(sizes) >= 10, f"timeline labels render {min(sizes):.1f} px high"
        d.save_screenshot(str(OUT / "10-overview-phone.png"))
    finally:
        d.set_window_size(1366, 900)


def test_queue_by_keyboard_confirm_dispute_place_and_log(server: str, browser) -> None:  # noqa: F811
    d = browser
    wait = WebDriverWait(d, 15)
    d.get(server + "/login")
    d.find_element(By.ID, "username").send_keys("reviewer")
    d.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_text(d, ".account", "reviewer")
    # the queue: j moves down, Enter opens the selected case
    d.get(server + "/queue")
    rows = d.find_elements(By.CSS_SELECTOR, "#queue tr.queue-row")
    assert len(rows) >= 2
    second = rows[1].get_attribute("data-href")
    d.find_element(By.TAG_NAME, "body").send_keys("j")
    assert "selected" in rows[1].get_attribute("class")
    d.switch_to.active_element.send_keys(Keys.ENTER)
    wait_url(d, second)
    d.save_screenshot(str(OUT / "11-queue-opened.png"))
    # confirm one value, dispute another
    d.find_element(By.CSS_SELECTOR, "#value-field option[value='weapons']").click()
    d.find_element(By.CSS_SELECTOR, "#value-form button[value='confirm']").click()
    wait_text(d, ".flash", "Confirmed")
    d.find_element(By.CSS_SELECTOR, "#value-field option[value='date.start']").click()
    d.find_element(By.ID, "value-reason").send_keys("FICTIONAL: the report is dated later")
    d.find_element(By.CSS_SELECTOR, "#value-form button[value='dispute']").click()
    wait_text(d, ".flash", "Disputed")
    assert d.find_elements(By.CSS_SELECTOR, ".mark.m-dispute") and d.find_elements(By.CSS_SELECTOR, ".mark.m-confirm")
    # the place picker: search the gazetteer, pick the first entry, save
    d.find_element(By.ID, "place-q").send_keys("Saraqib" + Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.ID, "place-results")))
    first = d.find_element(By.CSS_SELECTOR, "#place-results input[name=gazetteer_id]")
    assert first.is_selected()
    d.find_element(By.ID, "place-reason").send_keys("FICTIONAL: the report means Saraqib")
    d.find_element(By.CSS_SELECTOR, "#place-form button[type=submit]").click()
    wait_text(d, ".flash", "the place is now Saraqib")
    assert "Saraqib" in d.find_element(By.TAG_NAME, "h1").text
    d.save_screenshot(str(OUT / "12-place-corrected.png"))
    # move the case's first incident to a case of its own
    folded = d.find_element(By.CSS_SELECTOR, "details.report-review")   # one report's forms, folded
    if not folded.get_attribute("open"):
        folded.find_element(By.TAG_NAME, "summary").click()
    form = d.find_element(By.CSS_SELECTOR, "details.report-review form.move-form")
    form.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("FICTIONAL: a different raid")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_text(d, ".flash", "Moved the incident")
    # the log: every entry links to what it is about
    d.get(server + "/log")
    entries = d.find_elements(By.CSS_SELECTOR, "tr.log-entry")
    assert len(entries) >= 4
    assert {"confirm", "dispute", "correct", "move"} <= {e.find_elements(By.TAG_NAME, "td")[2].text.split()[0]
                                                         for e in entries}
    assert all(e.find_elements(By.TAG_NAME, "a") for e in entries)
    not_pwned(d)
