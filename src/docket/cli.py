"""The `docket` command line: thin; parses arguments, calls the stages, prints."""

from __future__ import annotations

import typer

from docket.commands import register_all, run_cmds

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
run_cmds.register(app)  # `docket run` and `docket backup`
register_all(app)

if __name__ == "__main__":  # pragma: no cover
    app()
