"""`docket gazetteer build|import|info`: the offline gazetteer under $DOCKET_HOME."""

from __future__ import annotations

from pathlib import Path

import typer

gaz_app = typer.Typer(no_args_is_help=True, add_completion=False,
                      help="The offline gazetteer: build the built-in one, import GeoNames/OCHA files, list sources.")


def _fail(message: str) -> None:
    typer.echo(f"docket gazetteer: {message}", err=True)
    raise typer.Exit(1)


@gaz_app.command("build")
def build_cmd() -> None:
    """(Re)build the built-in gazetteer from the installed packages (GeoNames cities500, regions, countries)."""
    from docket.geocode.store import GazetteerError, build_builtin

    typer.echo("building the built-in gazetteer (about half a minute)...", err=True)
    try:
        path = build_builtin()
    except (GazetteerError, OSError) as e:
        _fail(str(e))
    typer.echo(f"built {path}", err=True)


@gaz_app.command("import")
def import_cmd(file: Path = typer.Argument(..., help="A GeoNames country dump (e.g. SY.txt), an OCHA "
                                                      "populated-places CSV, or boundary outlines (.geojson)."),
               replace: bool = typer.Option(False, "--replace", help="Accept a file with fewer places than the "
                                            "earlier import of the same dataset (else refused).")) -> None:
    """Add a GeoNames country dump (XX.txt), an OCHA/COD populated-places CSV or a GeoNames cities CSV to the
    gazetteer (all or nothing), or boundary outlines (GeoJSON polygons, e.g. OCHA's COD-AB governorates): the
    geocoder checks points against them and the web app draws them."""
    from docket.geocode.boundaries import BoundaryError, import_boundaries, looks_like_geojson
    from docket.geocode.store import GazetteerError, import_file

    try:
        head = file.read_text(encoding="utf-8-sig", errors="replace")[:200] if file.is_file() else ""
    except OSError as e:
        _fail(f"{file}: {e.strerror or e}")
    if looks_like_geojson(file, head):
        try:
            src = import_boundaries(file, replace=replace)
        except BoundaryError as e:
            _fail(str(e))
        typer.echo(f"imported {src['features']} boundary outlines from {file} as '{src['id']}' "
                   f"({src['vertices_in_source']:,} vertices simplified to {src['vertices']:,}; licence "
                   f"{src['licence']}); credit: {src['attribution']}")
        return
    try:
        info = import_file(file, replace=replace)
    except GazetteerError as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{file}: {e.strerror or e}")
    else:
        typer.echo(f"imported {info.places} places from {file} as '{info.id}' ({info.licence}); "
                   f"credit: {info.attribution}")


@gaz_app.command("info")
def info_cmd() -> None:
    """List the gazetteer's sources, with their licences and attribution."""
    from docket.geocode.store import GazetteerError, gazetteer_dir, list_sources, stale_imports

    try:
        sources = list_sources()
        stale = stale_imports()
    except (GazetteerError, OSError) as e:
        _fail(str(e))
    typer.echo(f"gazetteer: {gazetteer_dir()}")
    for s in sources:
        typer.echo(f"- {s.id}: {s.title}; {s.places} places; licence {s.licence}; added {s.added}")
        typer.echo(f"    credit: {s.attribution}")
        if s.path:
            typer.echo(f"    file: {s.path}")
        if s.id in stale:
            typer.echo(f"    indexed by an older Docket: import {s.path or 'the file'} again so its names are "
                       "found by today's keys (Arabic spellings)")
    from docket.geocode.boundaries import list_boundaries

    for path, src in list_boundaries():
        typer.echo(f"- {src.get('id')}: {src.get('title')}; {src.get('features')} outlines; licence "
                   f"{src.get('licence')}; added {src.get('added')}")
        typer.echo(f"    credit: {src.get('attribution')}")
        typer.echo(f"    file: {path}")


def register(app: typer.Typer) -> None:
    """Add the `gazetteer` command group."""
    app.add_typer(gaz_app, name="gazetteer")
