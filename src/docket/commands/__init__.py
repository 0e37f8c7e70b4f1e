"""Each area of Docket registers its own commands on the one Typer app."""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    from docket.commands import extract_cmds, gazetteer_cmds, spark_cmds, store_cmds, web_cmds

    for module in (extract_cmds, gazetteer_cmds, store_cmds, web_cmds, spark_cmds):
        module.register(app)
