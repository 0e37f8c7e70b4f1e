"""The Docket web app: overview, case and report pages, review, downloads and the JSON API.

``create_app(url)`` opens the store once and returns a FastAPI app holding it (``app.state.docket``);
``docket serve`` runs it with uvicorn.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import xstatic.pkg.leaflet as leaflet
from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docket.config import docket_home
from docket.review import Accounts, AuthError, Throttled
from docket.review.places import (
    PlaceError,
    location_from_pick,
    location_from_point,
    place_by_id,
    search_places,
)
from docket.store import Store, StoreError, read
from docket.store.read import Filters
from docket.store.store import get_path
from docket.web import auth, review, views
from docket.web.cache import AggregateCache
from docket.web.params import Page, filters_from, page_from, query_string

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     b"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
)


class SecurityHeaders:
    """Adds the security-header set to every response (pure ASGI, no per-request overhead beyond headers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DocketApp(FastAPI):
    """FastAPI with the security headers outermost, so that even Starlette's own 500 answer carries them."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


PUBLIC_PATHS = frozenset({"/login"})


class SignInFirst(Exception):
    """A page of a private docket asked for without a session: go to the sign-in page."""


@dataclass
class WebState:
    """What the app holds for its lifetime: the store, templates, the palette and a write lock."""

    store: Store
    templates: Jinja2Templates
    palette: dict[str, Any]
    outlines: Path | None
    write_lock: threading.Lock
    cache: AggregateCache
    accounts: Accounts
    private: bool = False        # sign in to read: every page, API answer and download needs a session
    downloads: threading.BoundedSemaphore = field(default_factory=lambda: threading.BoundedSemaphore(4))


def _state(request: Request) -> WebState:
    return request.app.state.docket  # type: ignore[no-any-return]


def _session(request: Request) -> auth.Session | None:
    """The signed-in account of this request (its server-side session looked up once per request)."""
    if not hasattr(request.state, "account"):
        sid = request.session.get("sid")
        request.state.account = _state(request).accounts.session(sid if isinstance(sid, str) else None)
    return request.state.account  # type: ignore[no-any-return]


def _user(request: Request) -> str | None:
    s = _session(request)
    return s.username if s else None


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    st = _state(request)
    flash = request.session.pop("flash", None)
    account = _session(request)
    base = {"user": account.username if account else None, "role": account.role if account else None,
            "private": st.private, "csrf": auth.csrf_token(request.session), "flash": flash,
            "palette": st.palette, "path": request.url.path}
    return st.templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)


def _templates() -> Jinja2Templates:
    tdir = resources.files("docket.web") / "templates"
    t = Jinja2Templates(directory=str(tdir))
    env = t.env
    env.autoescape = True
    env.globals["query_string"] = query_string
    env.globals["report_url"] = views.report_url
    env.globals["display"] = review.display
    env.globals["bidi"] = views.bidi
    env.filters["language_name"] = views.language_name
    env.globals["field_specs"] = review.field_specs
    env.filters["label"] = lambda v: str(v).replace("_", " ") if v is not None else "—"
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else "—"
    env.globals["span"] = span
    env.globals["value_of"] = get_path
    env.filters["safe_url"] = safe_url
    env.filters["urlpath"] = lambda v: quote(str(v), safe=":")
    return t


def span(low: int | None, high: int | None, best: int | None = None) -> str:
    """A low–high range as pages show it: an open upper bound is "N or more", nothing stated is "—"."""
    if low is None and high is None:
        return "—" if best is None else f"{best:,}"
    if high is None:
        return f"{low:,} or more"
    if low is None:
        return f"up to {high:,}"
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def safe_url(value: Any) -> str | None:
    """An http(s) URL that may become a link; anything else (javascript:, data:, paths) stays text."""
    s = str(value or "").strip()
    low = s.lower()
    if (low.startswith("http://") or low.startswith("https://")) and not any(c.isspace() for c in s):
        return s
    return None


def _keep_warm(app: FastAPI, stop: threading.Event, every: float = 5.0) -> None:
    """Keep the unfiltered overview's aggregates (counts, timeline, map, filter options) computed, so the page
    most people open first answers from the cache even right after a `docket run` changed the data."""
    st: WebState = app.state.docket
    flt = Filters()
    while not stop.is_set():
        try:
            with st.store.engine.connect() as conn:
                st.cache.get(conn, ("counts", flt), lambda: views.counts(conn, flt))
                st.cache.get(conn, ("timeline", flt), lambda: views.timeline(conn, flt))
                st.cache.get(conn, ("options",), lambda: views.options(conn))
                st.cache.get(conn, ("map", flt), lambda: views.map_points(conn, flt))
        except Exception:  # a busy or closing database: try again at the next tick
            pass
        stop.wait(every)


def create_app(url: str, *, home: Path | None = None, outlines: Path | None = None,
               secret: str | None = None, https_only: bool = False, cache_size: int = 64,
               warm: bool = True, private: bool = False, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the database at ``url`` (opened and migrated once).

    ``private``: sign in to read (pages, API and downloads need a session of any role).
    ``allowed_hosts``: the Host names the app answers (others get 400, against DNS rebinding); ``None``
    checks nothing (``docket serve`` always passes its list)."""
    store = Store.open(url)
    read.ensure_statistics(store.engine)
    home = home or docket_home()
    if outlines is None:   # outlines the user imported with `docket gazetteer import FILE.geojson`
        from docket.geocode.boundaries import list_boundaries

        imported = list_boundaries(home)
        outlines = imported[-1][0] if imported else None
    palette = json.loads((resources.files("docket.web") / "static" / "palette.json").read_text(encoding="utf-8"))
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        warmer = threading.Thread(target=_keep_warm, args=(app, stop), name="docket-warm", daemon=True)
        if warm:
            warmer.start()
        yield
        stop.set()
        if warmer.is_alive():
            warmer.join(timeout=5)
        store.close()

    def read_access(request: Request) -> None:
        """With ``private``, every route but the sign-in page needs a session (any role)."""
        if not private or request.url.path in PUBLIC_PATHS or _session(request) is not None:
            return
        if request.url.path.startswith(("/api/", "/download/")) or request.url.path == "/openapi.json":
            raise HTTPException(401, "this docket is private: sign in at /login")
        raise SignInFirst()

    app = DocketApp(dependencies=[Depends(read_access)], title="Docket", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="The docket of incidents: cases, incidents, reports, statistics and downloads. "
                              "Every list takes the same filters as the web pages.")
    app.state.docket = WebState(store, _templates(), palette, outlines, threading.Lock(),
                                 AggregateCache(cache_size), Accounts(store.engine), private)
    app.add_middleware(SessionMiddleware, secret_key=secret or auth.secret_key(home), session_cookie="docket_session",
                       same_site="strict", https_only=https_only, max_age=12 * 3600)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    static = resources.files("docket.web") / "static"
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from docket.web.api import router as api_router

    app.include_router(api_router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/download/")) or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _render(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                       status=exc.status_code)

    @app.exception_handler(SignInFirst)
    async def sign_in_first(request: Request, exc: SignInFirst) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # a bug or a broken database: one plain page, never the traceback or the SQL (it is in the server log)
        msg = "Something went wrong on the server; the error has been logged."
        if request.url.path.startswith(("/api/", "/download/")):
            return JSONResponse({"detail": msg}, status_code=500)
        return HTMLResponse(f"<!doctype html><title>Error 500 · Docket</title><h1>Error 500</h1><p>{msg}</p>",
                            status_code=500)

    # -- pages -----------------------------------------------------------------------------------------
    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, flt: Filters = Depends(filters_from), page: Page = Depends(page_from)) -> Response:
        st = _state(request)
        with st.store.engine.connect() as conn:
            total, cases = views.case_page(conn, flt, page.limit, page.offset)
            ctx = {"flt": flt, "page": page, "total": total, "cases": cases,
                   "counts": st.cache.get(conn, ("counts", flt), lambda: views.counts(conn, flt)),
                   "timeline": st.cache.get(conn, ("timeline", flt), lambda: views.timeline(conn, flt)),
                   "options": st.cache.get(conn, ("options",), lambda: views.options(conn)),
                   "qs": query_string(flt), "outlines": st.outlines is not None}
        return _render(request, "overview.html", ctx)

    @app.api_route("/cases/{case_id}", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def case_page(request: Request, case_id: str, place_q: str | None = None) -> Response:
        with _state(request).store.engine.connect() as conn:
            view = views.case_view(conn, case_id)
        if view is None:
            raise HTTPException(404, f"no case {case_id}")
        if view["canonical_id"] != case_id:
            return RedirectResponse(f"/cases/{quote(view['canonical_id'])}", status_code=301)
        account = _session(request)
        q = (place_q or "").strip()[:100]
        places = None
        if q and account is not None and account.can("reviewer"):
            loc = view["case"].get("location") or {}
            places = search_places(home, q, loc.get("country"))
        return _render(request, "case.html", {**view, "place_q": q, "places": places})

    @app.api_route("/reports/{document_id}", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, document_id: str, focus: str | None = None) -> Response:
        with _state(request).store.engine.connect() as conn:
            view = views.report_view(conn, document_id)
        if view is None:
            raise HTTPException(404, f"no report {document_id}")
        focus_key = "ev-" + focus.replace(".", "-") if focus else None
        return _render(request, "report.html", {**view, "focus": focus_key})

    @app.get("/reports/{document_id}/original", include_in_schema=False)
    def report_original(request: Request, document_id: str) -> Response:
        st = _state(request)
        with st.store.engine.connect() as conn:
            row = read.document_file(conn, document_id)
        if row is None:
            raise HTTPException(404, f"no report {document_id}")
        sha256, source = row
        path = st.store.archive.path_for(sha256)
        if not path.is_file():
            raise HTTPException(404, f"the archive copy of {document_id} is missing")
        suffix = Path(str(source or "")).suffix.lower()
        name = sha256[:16] + (suffix if suffix in (".txt", ".md", ".html", ".htm", ".csv", ".jsonl") else ".bin")
        return FileResponse(path, media_type="application/octet-stream", filename=name)

    @app.api_route("/log", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def log_page(request: Request, page: Page = Depends(page_from)) -> Response:
        with _state(request).store.engine.connect() as conn:
            entries = read.review_log(conn, None, limit=page.limit, offset=page.offset)
        return _render(request, "log.html", {"log": entries, "page": page})

    @app.api_route("/docs", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> Response:
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "description": op.get("description", ""),
                            "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "description": p.get("description", "")} for p in op.get("parameters", [])]})
        return _render(request, "docs.html", {"ops": ops, "title": spec["info"]["title"]})

    # -- sign-in ---------------------------------------------------------------------------------------
    @app.api_route("/login", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request) -> Response:
        return _render(request, "login.html", {"error": None, "username": ""})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, username: str = Form(""), password: str = Form(""),
              csrf_token: str = Form("")) -> Response:
        _check_csrf(request, csrf_token)
        address = request.client.host if request.client else None
        try:
            sid = _state(request).accounts.sign_in(username[:200], password[:1000], address)
        except Throttled as exc:
            return _render(request, "login.html", {"error": f"Not signed in: {exc}.", "username": username},
                           status=429)
        except AuthError:
            return _render(request, "login.html", {"error": "Wrong user name or password.", "username": username},
                           status=401)
        request.session.clear()
        request.session["sid"] = sid
        auth.csrf_token(request.session)
        request.session["flash"] = f"Signed in as {username.strip()}."
        return RedirectResponse("/", status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf_token: str = Form("")) -> Response:
        _check_csrf(request, csrf_token)
        sid = request.session.get("sid")
        _state(request).accounts.sign_out(sid if isinstance(sid, str) else None)
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    # -- review ----------------------------------------------------------------------------------------
    def _reviewer(request: Request, token: str) -> str:
        _check_csrf(request, token)
        account = _session(request)
        if account is None:
            raise HTTPException(403, "sign in to review")
        if not account.can("reviewer"):
            raise HTTPException(403, f"the {account.role} role cannot review: ask an admin for the reviewer role")
        return account.username

    def _back(case_id: str | None, msg: str, request: Request) -> Response:
        request.session["flash"] = msg if len(msg) <= 600 else msg[:600] + "…"   # the cookie stays small
        return RedirectResponse(f"/cases/{quote(case_id)}" if case_id else "/", status_code=303)

    def _case_of(entity: str, entity_id: str) -> str | None:
        if entity == "case":
            return entity_id
        with store.engine.connect() as conn:
            return read.case_of_incident(conn, entity_id)

    @app.post("/review/correct", include_in_schema=False)
    def review_correct(request: Request, entity: str = Form(...), entity_id: str = Form(...),
                       field: str = Form(...), value: str = Form(""), reason: str = Form(""),
                       csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        spec = review.field_specs().get(entity, {}).get(field)
        back = _case_of(entity, entity_id)
        if spec is None:
            raise HTTPException(400, f"{entity} field {field!r} cannot be corrected here")
        try:
            parsed = review.parse_value(spec, value)
            why = review.clean_reason(reason, required=True)
            with _state(request).write_lock:
                store.correct(entity, entity_id, field, parsed, user, why)
        except (review.ReviewError, StoreError) as exc:
            return _back(back, f"Not saved: {exc}", request)
        back = _case_of(entity, entity_id) or back
        return _back(back, f"Saved: {spec.label} = {review.display(parsed)}.", request)

    @app.post("/review/place", include_in_schema=False)
    def review_place(request: Request, entity: str = Form(...), entity_id: str = Form(...),
                     gazetteer_id: str = Form(""), name: str = Form(""), lat: str = Form(""), lon: str = Form(""),
                     reason: str = Form(""), csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        if entity not in ("case", "incident"):
            raise HTTPException(400, f"cannot correct the place of a {entity}")
        back = _case_of(entity, entity_id)
        try:
            why = review.clean_reason(reason, required=True)
            with store.engine.connect() as conn:
                cur_loc = read.location_of(conn, entity, entity_id)
            if gazetteer_id.strip():
                picked = place_by_id(home, gazetteer_id.strip())
                if picked is None:
                    raise PlaceError(f"no gazetteer entry {gazetteer_id.strip()!r}")
                loc = location_from_pick(picked, cur_loc)
            else:
                loc = location_from_point(name, lat, lon, cur_loc)
            with _state(request).write_lock:
                store.correct(entity, entity_id, "location", loc, user, why)
        except (review.ReviewError, PlaceError, StoreError) as exc:
            return _back(back, f"Not saved: {exc}", request)
        return _back(_case_of(entity, entity_id) or back, f"Saved: the place is now {review.display(loc)}.",
                     request)

    @app.post("/review/value", include_in_schema=False)
    def review_value(request: Request, entity: str = Form(...), entity_id: str = Form(...), field: str = Form(...),
                     verdict: str = Form(...), reason: str = Form(""), csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        spec = review.field_specs().get(entity, {}).get(field)
        if spec is None and field != "location":
            raise HTTPException(400, f"{entity} field {field!r} cannot be reviewed here")
        label = spec.label if spec else "Place"
        back = _case_of(entity, entity_id)
        try:
            why = review.clean_reason(reason, required=verdict == "dispute")
            with _state(request).write_lock:
                store.mark_value(entity, entity_id, field, verdict, user, why)
        except (review.ReviewError, StoreError) as exc:
            return _back(back, f"Not saved: {exc}", request)
        done = "Confirmed" if verdict == "confirm" else "Disputed"
        return _back(back, f"{done}: {label}.", request)

    @app.api_route("/queue", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def queue_page(request: Request, page: Page = Depends(page_from)) -> Response:
        with _state(request).store.engine.connect() as conn:
            total, cases = read.queue(conn, page.limit, page.offset)
        return _render(request, "queue.html", {"cases": cases, "total": total, "page": page})

    @app.post("/review/status", include_in_schema=False)
    def review_status(request: Request, entity: str = Form(...), entity_id: str = Form(...),
                      status: str = Form(...), reason: str = Form(""), csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        back = _case_of(entity, entity_id)
        try:
            why = review.clean_reason(reason, required=status == "rejected")
            with _state(request).write_lock:
                store.set_status(entity, entity_id, status, user, why)
        except (review.ReviewError, StoreError) as exc:
            return _back(back, f"Not saved: {exc}", request)
        return _back(back, f"Marked {entity} as {status}.", request)

    @app.post("/review/move", include_in_schema=False)
    def review_move(request: Request, incident_id: str = Form(...), case_id: str = Form(""),
                    reason: str = Form(""), csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        back = _case_of("incident", incident_id)
        try:
            why = review.clean_reason(reason, required=True)
            with _state(request).write_lock:
                target = store.move_incident(incident_id, case_id.strip() or None, user, why)
        except (review.ReviewError, StoreError) as exc:
            return _back(back, f"Not moved: {exc}", request)
        return _back(target, f"Moved the incident to case {target}.", request)

    @app.post("/review/split", include_in_schema=False)
    def review_split(request: Request, case_id: str = Form(...), incident_id: list[str] = Form([]),
                     reason: str = Form(""), csrf_token: str = Form("")) -> Response:
        user = _reviewer(request, csrf_token)
        try:
            why = review.clean_reason(reason, required=True)
            with _state(request).write_lock:
                new_id = store.split_case(case_id, incident_id, user, why)
        except (review.ReviewError, StoreError) as exc:
            return _back(case_id, f"Not split: {exc}", request)
        return _back(new_id, f"Split {len(incident_id)} incident(s) from case {case_id} into this case.", request)

    return app


def _check_csrf(request: Request, token: str) -> None:
    if not auth.csrf_ok(request.session, token):
        raise HTTPException(403, "the form has expired or did not come from this site: reload the page and retry")
