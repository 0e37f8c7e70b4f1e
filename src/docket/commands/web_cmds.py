"""`docket serve` (the web app) and `docket user add` (reviewer accounts)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

DB_HELP = "Database URL: sqlite:///FILE (default sqlite:///./docket.db) or postgresql://user@host/db"
DbOpt = Annotated[str, typer.Option("--db", help=DB_HELP, envvar="DOCKET_DB")]


def _err(msg: str) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {msg}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(2)


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


def serve_hosts(listen: str, extra: list[str]) -> list[str]:
    """The Host names `docket serve` answers: this machine's names, the address it listens on (unless it is a
    wildcard) and those given with --allowed-host."""
    hosts = list(LOCAL_HOSTS)
    if listen not in ("0.0.0.0", "::", ""):
        hosts.append(listen)
    for h in extra:
        h = h.strip().lower()
        if not h or any(c in h for c in "/@ ") or h == "*":
            raise _err(f"--allowed-host {h!r}: expected a host name such as docket.example.org")
        hosts.append(h)
    return list(dict.fromkeys(hosts))


def _accounts(db: str) -> tuple[object, object]:
    from docket.review import Accounts
    from docket.store import Store, StoreError
    from docket.store.read import missing_database

    missing = missing_database(db)
    if missing:
        raise _err(missing)
    try:
        store = Store.open(db)
    except StoreError as exc:
        raise _err(str(exc)) from None
    return store, Accounts(store.engine)


def register(app: typer.Typer) -> None:
    """Commands of this area are added here."""

    @app.command("serve")
    def serve_cmd(
        db: DbOpt = "sqlite:///./docket.db",
        host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only)")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
        outlines: Annotated[Path | None, typer.Option(
            help="A GeoJSON file of boundaries to draw on the map (its licence is yours to check)")] = None,
        allowed_host: Annotated[list[str] | None, typer.Option(
            "--allowed-host", help="Another Host name the app answers to (repeatable; localhost, 127.0.0.1 and "
                                   "::1 always are; others get 400, against DNS rebinding)")] = None,
        private: Annotated[bool, typer.Option(
            "--private", help="Sign in to read: every page, API answer and download needs an account")] = False,
    ) -> None:
        """Start the web app: overview map, timeline and counts, case and report pages, review, downloads, API."""
        import json

        import uvicorn

        from docket.store import StoreError
        from docket.web import create_app

        if outlines is not None:
            try:
                gj = json.loads(outlines.read_text(encoding="utf-8"))
            except OSError as exc:
                raise _err(f"{outlines}: cannot read ({exc.strerror or exc})") from None
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise _err(f"{outlines}: not JSON ({exc})") from None
            if not isinstance(gj, dict) or gj.get("type") not in ("FeatureCollection", "Feature"):
                raise _err(f"{outlines}: not a GeoJSON FeatureCollection or Feature")
        if not 0 < port < 65536:
            raise _err(f"--port {port}: expected 1 to 65535")
        from docket.store.read import missing_database

        missing = missing_database(db)
        if missing:
            raise _err(missing)
        hosts = serve_hosts(host, allowed_host or [])
        try:
            web = create_app(db, outlines=outlines, private=private, allowed_hosts=hosts)
        except StoreError as exc:
            raise _err(str(exc)) from None
        shown = "localhost" if host in ("127.0.0.1", "::1") else host
        Console(stderr=True).print(f"Docket is serving {db} — open [bold]http://{shown}:{port}/[/bold] "
                                   "(Ctrl+C to stop)", highlight=False)
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)

    user_app = typer.Typer(no_args_is_help=True, help="Reviewer accounts for the web app.")
    app.add_typer(user_app, name="user")

    @user_app.command("add")
    def user_add(
        username: Annotated[str, typer.Argument(help="The new reviewer's user name")],
        db: DbOpt = "sqlite:///./docket.db",
        role: Annotated[str, typer.Option(help="viewer (reads a --private docket), reviewer or admin")] = "reviewer",
        password_stdin: Annotated[bool, typer.Option(
            "--password-stdin", help="Read the password from the first line of stdin (for scripts)")] = False,
    ) -> None:
        """Add a local reviewer account (the password is stored only as an Argon2id hash)."""
        from docket.store import Store, StoreError
        from docket.web.auth import PASSWORD_MIN, AuthError, add_user, check_username

        try:
            name = check_username(username)
        except AuthError as exc:
            raise _err(str(exc)) from None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt(f"Password for {name} (at least {PASSWORD_MIN} characters)", hide_input=True,
                                    confirmation_prompt=True)
        try:
            store = Store.open(db)
        except StoreError as exc:
            raise _err(str(exc)) from None
        try:
            add_user(store, name, password, role)
        except AuthError as exc:
            raise _err(str(exc)) from None
        finally:
            store.close()
        Console(stderr=True).print(f"added {role} {name}", highlight=False)

    @user_app.command("list")
    def user_list(db: DbOpt = "sqlite:///./docket.db") -> None:
        """List the accounts: name, role, active or disabled, open sessions."""
        store, accounts = _accounts(db)
        try:
            rows = accounts.list()  # type: ignore[attr-defined]
        finally:
            store.close()  # type: ignore[attr-defined]
        for r in rows:
            typer.echo(f"{r['username']}\t{r['role']}\t{'active' if r['active'] else 'disabled'}\t"
                       f"{r['sessions']} session(s)\tsince {r['created_at'][:10]}")
        if not rows:
            Console(stderr=True).print("no accounts: add one with `docket user add NAME`", highlight=False)

    def _change(db: str, what: str, action: object) -> None:
        from docket.review import AuthError

        store, accounts = _accounts(db)
        try:
            action(accounts)  # type: ignore[operator]
        except AuthError as exc:
            raise _err(str(exc)) from None
        finally:
            store.close()  # type: ignore[attr-defined]
        Console(stderr=True).print(what, highlight=False)

    @user_app.command("disable")
    def user_disable(username: Annotated[str, typer.Argument(help="The account to disable")],
                     db: DbOpt = "sqlite:///./docket.db") -> None:
        """Disable an account: it cannot sign in, and its open sessions end at once. Its log entries stay."""
        _change(db, f"disabled {username}; its sessions ended", lambda a: a.set_active(username, False))

    @user_app.command("enable")
    def user_enable(username: Annotated[str, typer.Argument(help="The account to enable again")],
                    db: DbOpt = "sqlite:///./docket.db") -> None:
        """Enable a disabled account again."""
        _change(db, f"enabled {username}", lambda a: a.set_active(username, True))

    @user_app.command("role")
    def user_role(username: Annotated[str, typer.Argument(help="The account")],
                  role: Annotated[str, typer.Argument(help="viewer, reviewer or admin")],
                  db: DbOpt = "sqlite:///./docket.db") -> None:
        """Give an account another role; its open sessions end (they were granted under the old role)."""
        _change(db, f"{username} is now {role}; its sessions ended", lambda a: a.set_role(username, role))
