"""``ofsted review``: a local web page to check facts against their documents and correct them.

A FastAPI app served by uvicorn (both come with Prefect), pages rendered with Jinja2; the CSS and
the little JavaScript (keyboard shortcuts, selecting a span to add a fact) are inlined, so the
page needs no network and no build step.

* **Reads** open the warehouse read-only per request and close it, so a pipeline run can start
  at any time. While a run holds the warehouse's run lock (or DuckDB's write lock), the page says
  so and its buttons are disabled.
* **Writes** (confirm, correct, drop, add, undo) go through :mod:`ofsted.apply_corrections`: under
  the run lock (never waiting: a running pipeline makes the write fail with a clear message and
  nothing changes), checked, written to the corrections file atomically, loaded into the
  warehouse, and the cross-check and events refreshed; the page then shows the result.
* **Safety**: the app listens on 127.0.0.1 by default; it refuses a request whose ``Host`` is not
  its own address, and a write whose ``Origin`` (or, without one, ``Referer``) is not its own
  page; every write must carry a token issued with the page it came from (single use).
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from ofsted import warehouse as wh
from ofsted.corrections import ADD_ONLY, SETTABLE, resolve_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOKEN_TTL_SECONDS = 6 * 3600
MAX_TOKENS = 2000
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass
class ReviewConfig:
    warehouse: str
    corrections: str | None
    host: str
    port: int
    author: str


class Tokens:
    """Per-page write tokens: issued with each page, each good for one write."""

    def __init__(self) -> None:
        self._issued: dict[str, float] = {}
        self._guard = threading.Lock()

    def issue(self) -> str:
        token = secrets.token_urlsafe(24)
        now = time.monotonic()
        with self._guard:
            if len(self._issued) >= MAX_TOKENS:
                for old in sorted(self._issued, key=self._issued.get)[: MAX_TOKENS // 4]:
                    del self._issued[old]
            self._issued[token] = now + TOKEN_TTL_SECONDS
        return token

    def spend(self, token: str | None) -> bool:
        if not token:
            return False
        with self._guard:
            expiry = self._issued.pop(token, None)
        return expiry is not None and expiry >= time.monotonic()


def allowed_hosts(host: str, port: int) -> set[str]:
    """``Host`` header values that name this app."""
    names = {host}
    if host in LOOPBACK:
        names |= {"127.0.0.1", "localhost"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    return {f"{n}:{port}" for n in names}


def run_in_progress(warehouse: str) -> bool:
    """Whether a pipeline run holds the warehouse's run lock now: tried without waiting and
    released at once, leaving the lock file (and the holder's pid in it) untouched."""
    import fcntl
    import os

    from ofsted.locking import lock_path

    path = lock_path(warehouse)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock we took
    return False


def _field_choices(con) -> dict[str, list]:
    from ofsted.fact_rules import grades, value_set

    return {
        "area": value_set("ratings", "area"),
        "scale": value_set("ratings", "scale"),
        "rating": grades(),
        "previous_rating": grades(),
        "change": value_set("ratings", "change"),
        "visit_type": value_set("inspections", "visit_type"),
        "framework": value_set("inspections", "framework"),
        "org_type": value_set("organisations", "org_type"),
        "la_code": con.execute("select gss_code, name from local_authorities order by name").fetchall(),
    }


def create_app(config: ReviewConfig):
    """The FastAPI app for one warehouse and corrections file."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ofsted import apply_corrections as ac
    from ofsted.corrections import CorrectionsError
    from ofsted.review import queue as q

    app = FastAPI(title="ofsted review", docs_url=None, redoc_url=None, openapi_url=None)
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    template = env.get_template("review.html")
    tokens = Tokens()
    hosts = allowed_hosts(config.host, config.port)
    origins = {f"http://{h}" for h in hosts}
    db_guard = threading.Lock()  # one DuckDB connection at a time in this process
    corrections_path = resolve_path(config.warehouse, config.corrections)

    @app.middleware("http")
    async def own_host_and_origin(request: Request, call_next):
        host = request.headers.get("host", "")
        if host not in hosts:
            return PlainTextResponse(f"refused: this review app answers only to {', '.join(sorted(hosts))}", 421)
        origin = request.headers.get("origin")
        if origin is not None and origin not in origins:
            return PlainTextResponse("refused: the request comes from another site (Origin)", 403)
        if request.method not in ("GET", "HEAD"):
            referer = request.headers.get("referer")
            if origin is None and (referer is None or f"{urlsplit(referer).scheme}://{urlsplit(referer).netloc}" not in origins):
                return PlainTextResponse("refused: a write must come from the review page itself (no Origin)", 403)
        response = await call_next(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def render(params: dict, *, message: str | None = None, error: str | None = None, draft: dict | None = None,
               status_code: int = 200):
        selected = (params.get("type", ""), params.get("doc", ""), params.get("key", ""))
        busy = run_in_progress(config.warehouse)
        context = dict(params=params, message=message, error=error, draft=draft or {}, busy=busy,
                       warehouse=config.warehouse, corrections_path=str(corrections_path), author=config.author,
                       token=tokens.issue(), settable=SETTABLE, add_only=ADD_ONLY, verdicts=q.LOOK_VERDICTS,
                       items=[], shown=[], detail=None, stale=[], authorities=[], choices={}, unavailable=None,
                       segments=("", "", ""), selected=selected, position=None)
        try:
            with db_guard, wh.open_warehouse(config.warehouse, read_only=True, wait_seconds=2) as con:
                items = q.build_queue(con)
                shown = q.filter_queue(items, params.get("authority", ""), params.get("verdict", ""), params.get("state", ""))
                if not selected[0] and shown:
                    selected = shown[0].ident
                detail = q.fact_detail(con, *selected) if selected[0] else None
                context.update(items=items, shown=shown, detail=detail, stale=q.stale_corrections(con),
                               authorities=q.authorities(items), choices=_field_choices(con), selected=selected)
                if detail is not None:
                    f = detail["fact"]
                    context["segments"] = q.document_segments(detail["doc"]["text"], f.get("start_char"), f.get("end_char"))
                idents = [i.ident for i in shown]
                context["position"] = idents.index(selected) if selected in idents else None
        except wh.WarehouseBusy:
            context["unavailable"] = ("A pipeline run is writing to the warehouse: the page will show it again when "
                                      "the run has finished. Nothing is lost.")
            context["busy"] = True
        except wh.WarehouseError as exc:
            context["unavailable"] = str(exc)
        return HTMLResponse(template.render(**context), status_code=status_code)

    def page_params(source) -> dict:
        return {k: (source.get(k) or "") for k in ("authority", "verdict", "state", "type", "doc", "key")}

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request):
        params = page_params(request.query_params)
        done = request.query_params.get("done")
        return render(params, message=done)

    @app.post("/act")
    async def act(request: Request):
        body = (await request.body()).decode("utf-8", errors="replace")
        form = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
        params = page_params({k[len("p_"):]: v for k, v in form.items() if k.startswith("p_")})
        if not tokens.spend(form.get("csrf")):
            return render(params, error="This form has expired or was not issued by this page (missing or used token): "
                                        "nothing was saved. Submit it again from the page.", draft=form, status_code=403)
        action = form.get("action", "")
        fact_type = form.get("fact_type", "")
        try:
            if action == "undo":
                with db_guard:
                    gone, _ = ac.undo(config.warehouse, config.corrections, form.get("correction_id", ""), lock_timeout=0)
                message = f"Undone: {gone.describe()}"
            else:
                if action not in ("confirm", "set", "drop", "add") or fact_type not in SETTABLE:
                    raise CorrectionsError(f"unknown action {action!r} or fact type {fact_type!r}")
                fields = _fields_from_form(form, fact_type, action)
                with db_guard:
                    c, _ = ac.record(config.warehouse, config.corrections, action=action, fact_type=fact_type,
                                     document=form.get("doc_id", ""), key=form.get("key") or None, fields=fields,
                                     reason=form.get("reason", ""), author=config.author, lock_timeout=0)
                message = f"Saved: {c.describe()}"
                if action == "add":
                    with db_guard:
                        key = _added_key(config.warehouse, c.correction_id, fact_type)
                    params.update(type=fact_type, doc=form.get("doc_id", ""), key=key)
                else:
                    params.update(type=fact_type, doc=form.get("doc_id", ""), key=form.get("key", ""))
        except ac.WarehouseLocked as exc:
            return render(params, error=f"Not saved: {exc}.", draft=form, status_code=423)
        except CorrectionsError as exc:
            return render(params, error=f"Not saved: {exc}", draft=form, status_code=422)
        except wh.WarehouseBusy as exc:
            return render(params, error=f"Not saved: {exc}", draft=form, status_code=423)
        except wh.WarehouseError as exc:
            return render(params, error=f"Not saved: {exc}", draft=form, status_code=409)
        query = urlencode({**{k: v for k, v in params.items() if v}, "done": message})
        return RedirectResponse(f"/?{query}", status_code=303)

    return app


def _fields_from_form(form: dict, fact_type: str, action: str) -> dict:
    """The fields a form sets: for set, only those changed from the value the page showed."""
    if action in ("confirm", "drop"):
        return {}
    names = SETTABLE[fact_type] + (ADD_ONLY[fact_type] if action == "add" else ())
    fields = {}
    for name in names:
        if f"f_{name}" not in form:
            continue
        value = form[f"f_{name}"].strip()
        if action == "set":
            if value == form.get(f"was_{name}", "").strip():
                continue
            fields[name] = value or None
        elif value:
            fields[name] = value
    if action == "set" and not fields:
        from ofsted.corrections import CorrectionsError

        raise CorrectionsError("nothing to change: every field still has the value shown")
    return fields


def _added_key(warehouse: str, correction_id: str, fact_type: str) -> str:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        row = con.execute(f"select fact_key from {fact_type} where correction_id = ? and origin = 'added'",
                          [correction_id]).fetchone()
    return row[0] if row else ""


def serve(config: ReviewConfig) -> None:
    """Serve the review app until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning", access_log=False)


def review_command(args) -> int:
    from ofsted.corrections import default_author

    if not Path(args.warehouse).exists():
        print(f"ofsted review: no warehouse at {args.warehouse}: run `ofsted run` first", file=sys.stderr)
        return 1
    config = ReviewConfig(args.warehouse, args.corrections, args.host, args.port, args.author or default_author())
    if args.host not in LOOPBACK:
        print(f"warning: listening on {args.host}: anyone who can reach it can correct this warehouse", file=sys.stderr)
    print(f"review page: http://{'127.0.0.1' if args.host in LOOPBACK else args.host}:{args.port}/  (Ctrl-C stops it)")
    print(f"corrections are written to {resolve_path(args.warehouse, args.corrections)} as {config.author}")
    serve(config)
    return 0
