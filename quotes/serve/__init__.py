"""Datasette glue: metadata, templates and plugins for ``db/quotes.db``, and ``quotes serve``.

The database is always served under the name ``quotes`` (whatever the file is called), so the
metadata, canned queries and links in ``metadata.yml`` apply. The same setup can be had with
plain Datasette::

    datasette db/quotes.db -m metadata.yml --template-dir quotes/serve/templates \\
        --plugins-dir quotes/serve/plugins
"""
from __future__ import annotations

import os
import sys
import webbrowser
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METADATA_PATH = HERE / "metadata.yml"
TEMPLATE_DIR = HERE / "templates"
PLUGINS_DIR = HERE / "plugins"
DB_NAME = "quotes"

#: Datasette settings used by ``quotes serve`` (article texts would otherwise fill the tables).
#: What one request may cost (with the caps of plugins/quotes_limits.py on every value, column
#: and result): rows per answer, time per query, size of a streamed CSV.
SETTINGS: dict[str, Any] = {"truncate_cells_html": 300, "facet_time_limit_ms": 500,
                            "max_returned_rows": 1000, "sql_time_limit_ms": 1000, "max_csv_mb": 100}

__all__ = ["METADATA_PATH", "TEMPLATE_DIR", "PLUGINS_DIR", "DB_NAME", "load_metadata", "make_datasette", "serve"]


def load_metadata(path: str | Path | None = None) -> dict[str, Any]:
    """The Datasette metadata (``quotes/serve/metadata.yml`` unless ``path`` is given)."""
    with open(path or METADATA_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


def make_datasette(db_path: str | Path, metadata: dict[str, Any] | None = None, **settings: Any) -> Any:
    """A Datasette instance serving ``db_path`` as ``quotes`` with our metadata, templates and
    plugins. ``settings`` override :data:`SETTINGS`."""
    from datasette.app import Datasette

    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database")
    # a database that cannot be written here (read-only file or folder) is served immutable:
    # Datasette's mode=ro would still need to create the WAL index beside it
    folder = db_path.parent if str(db_path.parent) else Path(".")
    writable = os.access(db_path, os.W_OK) and os.access(folder, os.W_OK)
    ds = Datasette(
        [str(db_path)] if writable else [],
        immutables=[] if writable else [str(db_path)],
        metadata=metadata if metadata is not None else load_metadata(),
        template_dir=str(TEMPLATE_DIR),
        plugins_dir=str(PLUGINS_DIR),
        settings={**SETTINGS, **settings},
    )
    (name, db), = [(n, d) for n, d in ds.databases.items() if n != "_internal"]
    if name != DB_NAME:
        ds.remove_database(name)
        ds.add_database(db, name=DB_NAME)
    return ds


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False,
          allow_sql: bool | None = None) -> None:
    """Run Datasette on ``db_path`` until interrupted (localhost by default). Arbitrary SQL
    (``?sql=``) is allowed on localhost and off on any other address unless ``allow_sql``;
    canned queries, tables and the project's pages work either way."""
    import asyncio

    import uvicorn

    if allow_sql is None:
        allow_sql = host in LOCAL_HOSTS
    ds = make_datasette(db_path, **({} if allow_sql else {"default_allow_sql": False}))
    asyncio.run(ds.invoke_startup())
    url = f"http://{host}:{port}/"
    print(f"Serving {db_path} at {url}" + ("" if allow_sql else " (arbitrary SQL off)"), file=sys.stderr)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
