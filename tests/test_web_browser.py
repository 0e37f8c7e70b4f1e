"""The web app in real headless Chromium (Selenium + Debian's chromium/chromedriver) against a live uvicorn
server: overview, weapon filter, case, evidence, sign-in, correction, review log, hostile report text.

Screenshots go to test-output/web/ (gitignored)."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web import PASSWORD, build_docket

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
OUT = Path(__file__).resolve().parents[1] / "test-output" / "web"

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
                allow_module_level=True)
selenium = pytest.importorskip("selenium", reason="browser tests need the selenium package")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_home) -> Iterator[str]:
    """A live uvicorn server over a docket filled by the real `docket run` on the FICTIONAL test reports."""
    from docket.web import create_app

    root = tmp_path_factory.mktemp("browser")
    seeded_home(root / "home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCKET_HOME", str(root / "home"))
        mine = build_docket(root)
    with live_server(create_app(mine.url, home=mine.home, secret="browser-secret")) as url:
        yield url


@contextlib.contextmanager
def live_server(app: object) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not t.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="docket-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1366,900"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as exc:  # pragma: no cover - depends on the machine
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"cannot start headless chromium: {str(exc).splitlines()[0]}")
    driver.set_page_load_timeout(30)
    OUT.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=10) as r:
        return json.loads(r.read())


def not_pwned(driver: webdriver.Chrome) -> None:
    assert driver.execute_script("return window.__pwned === undefined"), "an injected script ran"
    assert "PWNED" not in driver.title


def wait_text(driver: webdriver.Chrome, css: str, text: str, timeout: float = 15) -> None:
    """Wait until the element ``css`` of the page shown contains ``text``.

    Read in one script call rather than through an element handle: after a form is submitted the handle can belong
    to the page being left, and Chromium then answers "Node with given id does not belong to the document" (a
    WebDriverException the stock ``text_to_be_present_in_element`` does not retry), which made this test flaky."""
    script = "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;"
    WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(
        lambda d: text in (d.execute_script(script, css) or ""),
        f"{css!r} never showed {text!r}")


def wait_url(driver: webdriver.Chrome, fragment: str, timeout: float = 15) -> None:
    """Wait until the page at a URL containing ``fragment`` has finished loading (not only the URL changed)."""
    script = "return location.href.indexOf(arguments[0]) >= 0 && document.readyState === 'complete';"
    WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(script, fragment), f"no loaded page at a URL with {fragment!r}")


def console_errors(driver: webdriver.Chrome) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon" not in e["message"]]


def test_analyst_journey(server: str, browser: webdriver.Chrome) -> None:
    d = browser
    wait = WebDriverWait(d, 15)
    # 1. overview: map drawn from /api/map, timeline, counts
    d.get(server + "/")
    wait.until(lambda drv: drv.find_element(By.ID, "map").get_attribute("data-ready") == "yes")
    assert int(d.find_element(By.ID, "map").get_attribute("data-points")) >= 3
    assert d.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive, #map .cluster-icon")
    assert d.find_element(By.CSS_SELECTOR, "svg.timeline rect").is_displayed()
    total_all = int(d.find_element(By.ID, "total").text)
    assert not console_errors(d), console_errors(d)  # CSP blocked nothing Leaflet needs
    d.save_screenshot(str(OUT / "01-overview.png"))
    not_pwned(d)
    # keyboard: the first Tab reaches the skip link
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert d.switch_to.active_element.get_attribute("class") == "skip"

    # 2. filter by weapon
    Select(d.find_element(By.ID, "f-weapon")).select_by_value("barrel_bomb")
    d.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait_url(d, "weapon=barrel_bomb")
    total_bb = int(d.find_element(By.ID, "total").text)
    assert 0 < total_bb < total_all
    assert total_bb == api(server, "/api/cases?weapon=barrel_bomb")["total"]

    # 3. open the case two reports share
    case = next(c for c in api(server, "/api/cases?weapon=barrel_bomb")["cases"] if c["n_documents"] == 2)
    d.find_element(By.CSS_SELECTOR, f'table.cases a[href="/cases/{case["id"]}"]').click()
    wait.until(EC.presence_of_element_located((By.ID, "side")))
    assert d.find_element(By.ID, "n-sources").text == "2"
    assert "conflict" in d.find_element(By.ID, "toll-killed").get_attribute("class")
    d.save_screenshot(str(OUT / "02-case.png"))

    # 4. follow a figure to its highlighted evidence
    d.find_element(By.CSS_SELECTOR, "td.killed a.ev-link").click()
    wait.until(EC.presence_of_element_located((By.ID, "report-text")))
    focus = d.find_element(By.CSS_SELECTOR, "#report-text mark.focus")
    assert focus.is_displayed()
    assert any(w in focus.text.lower() for w in ("eight", "eleven"))
    assert d.execute_script("return location.hash") and d.find_element(By.CSS_SELECTOR, ":target")
    d.save_screenshot(str(OUT / "03-evidence.png"))

    # 5. sign in
    d.get(server + "/login")
    d.find_element(By.ID, "username").send_keys("reviewer")
    d.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_text(d, ".account", "reviewer")

    # 6. correct the killed toll of the case, see the log entry and the updated case
    d.get(f"{server}/cases/{case['id']}")
    Select(d.find_element(By.ID, "correct-field")).select_by_value("casualties.killed.high")
    d.find_element(By.ID, "correct-value").send_keys("14")
    d.find_element(By.ID, "correct-reason").send_keys("FICTIONAL: checked against the hospital list")
    d.find_element(By.CSS_SELECTOR, "#correct-form button[type=submit]").click()
    wait_text(d, ".flash", "Saved")
    cell = d.find_element(By.CSS_SELECTOR, "#toll-killed td.high").text
    assert cell.startswith("14") and "corrected" in cell and "was 11" in cell   # the original is kept
    assert d.find_element(By.ID, "case-status").text == "corrected"
    entry = d.find_element(By.CSS_SELECTOR, "tr.log-entry")
    assert "reviewer" in entry.text and "FICTIONAL: checked against the hospital list" in entry.text
    assert entry.find_element(By.CSS_SELECTOR, "td.after").text == "14"
    d.save_screenshot(str(OUT / "04-corrected.png"))

    # 7. the same case on a phone: no sideways scrolling of the page itself
    d.set_window_size(390, 844)
    d.refresh()
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    d.save_screenshot(str(OUT / "05-case-phone.png"))
    d.set_window_size(1366, 900)


def test_hostile_reports_run_no_script(server: str, browser: webdriver.Chrome) -> None:
    d = browser
    hostile = api(server, "/api/incidents?q=Fictional+Monitor")["incidents"] + \
        api(server, "/api/incidents?q=warplanes+Saraqib")["incidents"]
    assert len(hostile) >= 2
    for inc in hostile:
        d.get(f"{server}/reports/{inc['document_id']}")
        text = d.find_element(By.ID, "report-text").text
        assert "<script>" in text or "javascript:" in d.page_source  # shown as text, not run
        not_pwned(d)
        for a in d.find_elements(By.TAG_NAME, "a"):
            href = (a.get_attribute("href") or "").lower()
            assert not href.startswith("javascript:"), href
        d.get(f"{server}/cases/{inc['case_id']}")
        not_pwned(d)
    d.get(server + "/?q=" + urllib.request.quote('"><script>window.__pwned=9</script>'))
    not_pwned(d)
    d.save_screenshot(str(OUT / "06-hostile-search.png"))
