"""The ``quotes`` command line: parse options, call the library, report errors. Nothing else."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import PIPELINE_VERSION, __version__
from .types import SETTABLE_KINDS

db_option = click.option(
    "--db", "db_path", envvar="QUOTES_DB", default="db/quotes.db", show_default=True,
    type=click.Path(dir_okay=False), help="The SQLite database (env QUOTES_DB).",
)
models_option = click.option(
    "--models", envvar="QUOTES_MODELS", default="bundled", show_default=True,
    help="Stanza models: 'bundled', 'official' (Stanza's download) or a model directory (env QUOTES_MODELS).",
)


_OPENED: list[str] = []  # the database paths this run opened, for the message of a late error


def _open(db_path: str, read_only: bool = False):
    from .store import DatabaseProblem, open_db

    _OPENED.append(db_path)
    try:
        return open_db(db_path, read_only=read_only)
    except DatabaseProblem as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # anything else SQLite or the file system can say
        raise click.ClickException(f"{db_path}: cannot open the database ({exc})") from exc


class _Group(click.Group):
    """Turns a database error met while a command runs (a page found corrupt in the middle of
    an ingest, a lock held past the timeout) into one line naming the database, not a traceback."""

    def invoke(self, ctx: click.Context):
        import sqlite3

        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            from .store import describe_db_error

            raise click.ClickException(describe_db_error(_OPENED[-1] if _OPENED else "the database", exc)) from exc


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """quotes: who said what, where it was reported, and how it travelled."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@models_option
@click.option("--force", is_flag=True, help="Re-process articles even when unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=1, show_default=True, envvar="QUOTES_WORKERS",
              help="Parse and extract in N processes (one Stanza pipeline each); one writer (env QUOTES_WORKERS).")
@click.option("--scheduler", envvar="QUOTES_SCHEDULER", metavar="ADDR",
              help="Run parse+extract on Dask: a scheduler address (tcp://host:8786), or 'local' for a "
                   "LocalCluster of --workers processes (env QUOTES_SCHEDULER). Needs quotes[dask].")
def ingest(paths, db_path, models, force, quiet, workers, scheduler):
    """Read, parse and extract the articles under PATHS (files or directories) into the database."""
    from .run.ingest import FAILED, IngestEvent
    from .run.ingest import ingest as run
    from .read import count_articles, shown_path
    from .nlp import ModelError

    db = _open(db_path)
    tty = sys.stderr.isatty()
    bar = None
    if not quiet and tty:
        bar = click.progressbar(length=count_articles(paths), label="ingest", file=sys.stderr,
                                show_pos=True, show_eta=True, item_show_func=lambda p: p and Path(p).name)
        bar.__enter__()
    n = {"done": 0}

    def on_event(event: IngestEvent) -> None:
        path = shown_path(event.path)  # one line, whatever the file is called
        for warning in event.warnings:  # about the article's metadata; its own line follows
            if bar is not None:
                click.echo("", err=True)
            click.echo(f"warning: {path}: {warning}", err=True)
        n["done"] += 1
        if event.status == FAILED:
            if bar is not None:
                click.echo("", err=True)
            click.echo(f"error: {path}: {event.error}", err=True)
        elif not quiet and bar is None:
            click.echo(f"[{n['done']}] {path}: {event.message}", err=True)
        if bar is not None:
            bar.update(1, path)

    try:
        report = run(db, paths, force=force, models=models, on_event=on_event,
                     workers=workers, scheduler=scheduler)
    except (ModelError, RuntimeError, OSError) as exc:  # no models; Dask missing or unreachable
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(report.summary(), err=True)
    from .store.browse import missing_metadata_warning

    warning = missing_metadata_warning(db.conn)
    if warning:
        click.echo(warning, err=True)
    if report.failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--host", help="Address to listen on  [default: 127.0.0.1; 0.0.0.0 with --public]")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--open", "open_browser", is_flag=True, help="Open a browser.")
@click.option("--public", is_flag=True,
              help="Listen on every address (0.0.0.0) for other machines; arbitrary SQL is then off.")
@click.option("--allow-sql", is_flag=True,
              help="Allow arbitrary SQL (?sql=) also when serving beyond localhost.")
def serve(db_path, host, port, open_browser, public, allow_sql):
    """Serve the database with Datasette (metadata, templates and plugins set up). On localhost
    by default; beyond it (--public, or a --host other than localhost) arbitrary SQL is off
    unless --allow-sql. Canned queries, tables and pages work either way."""
    from .serve import LOCAL_HOSTS
    from .serve import serve as run

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no database yet; run `quotes ingest corpus/` first")
    _open(db_path, read_only=True).close()  # a damaged or foreign database: one line, not 500s
    host = host or ("0.0.0.0" if public else "127.0.0.1")
    run(db_path, host=host, port=port, open_browser=open_browser,
        allow_sql=allow_sql or (not public and host in LOCAL_HOSTS))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--speaker", help="Only quotes by this speaker: whole name, another name (any case) or #id.")
@click.option("--type", "qtype", type=click.Choice(["direct", "indirect", "mixed"]))
@click.option("--article", help="Only quotes from this article id (or title substring).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["speech", "claim", "opinion", "act"]),
              help="Only quotes of this kind (repeat for several); default: every kind.")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Only quotes whose confidence (the calibrated probability that quote and speaker are right) is at least this.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: UTF-8 with a byte-order mark, the columns a journalist needs "
                   "(speaker, quote, kind, type, stance, cue, article title, outlet, published, url, confidence).")
def export(db_path, fmt, speaker, qtype, article, kinds, min_confidence, output, excel):
    """Export quotes with speaker names and article titles as CSV or JSON lines."""
    from .export import export_quotes

    if excel and fmt != "csv":
        raise click.UsageError("--excel writes CSV: leave out --format or use --format csv")
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database")
    try:
        n = export_quotes(_open(db_path, read_only=True), output, fmt=fmt, speaker=speaker, qtype=qtype,
                          article=article, excel=excel, kinds=kinds, min_confidence=min_confidence)
    except ValueError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    click.echo(f"{n} quotes exported", err=True)


@cli.command()
@models_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def models(models, as_json):
    """Show which Stanza models are in use, with their scores and sizes."""
    from .nlp import ModelError, model_info

    try:
        info = model_info(models)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"models: {info['source']}" + (f" (Stanza {info['stanza_version']})" if info.get("stanza_version") else ""))
    for proc, d in info["processors"].items():
        size = f"{d['size'] / 1e6:.1f} MB" if d.get("size") else "?"
        score = d.get("score")
        click.echo(f"  {proc:<9} {score if score is not None else '-':>7}  {size:>9}  {d.get('path')}")


@cli.command()
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--paraphrase", "pairs", type=click.Path(dir_okay=False),
              help="Score the paraphrase decision of claim matching on MRPC-format pairs (TSV) instead.")
@models_option
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option("--errors", is_flag=True, help="List misses and false positives with context.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--agreement", is_flag=True,
              help="GOLD holds the same texts annotated by several people: score the annotators against each other.")
@click.option("--identity", "identity_gold", type=click.Path(exists=True, dir_okay=False),
              help="Score speaker identity instead: canonical speakers of GOLD's articles against these entity labels "
                   "(JSONL of article, spans, speaker_start, speaker_end, entity).")
@click.option("--hand", "hand_labels", type=click.Path(exists=True, dir_okay=False),
              help="Score hand labels of stored speech and claim predictions instead: how many are "
                   "attributions of that kind (JSONL of article, offsets and judgements).")
def evaluate(gold, pairs, models, limit, errors, as_json, agreement, identity_gold, hand_labels):
    """Score extraction against a gold JSONL file (PolNeAR format), or with --paraphrase the
    claim matcher's paraphrase decision on MRPC-format sentence pairs (accuracy and F1)."""
    if pairs:
        from .nlp.encoder import EncoderError
        from .paraphrase import PairsError, evaluate_pairs, format_scores

        try:
            r = evaluate_pairs(pairs)
        except PairsError as exc:
            raise click.ClickException(f"{pairs}: {exc}") from exc
        except EncoderError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(json.dumps(r, indent=2) if as_json else format_scores(r))
        return
    if not gold:
        raise click.UsageError("give a GOLD.jsonl file, or --paraphrase PAIRS.tsv")
    from .evaluate import agreement as annotator_agreement
    from .evaluate import evaluate_file, format_agreement, format_report, read_gold
    from .nlp import ModelError

    try:
        scorer = _label_scorer(identity_gold, hand_labels)
        if scorer:
            path, read_labels, score, report = scorer
            try:
                labels = read_labels(path)
            except ValueError as exc:
                raise click.ClickException(f"{path}: {exc}") from exc
            r = score(read_gold(gold), labels, models=models)
            click.echo(json.dumps(r, indent=2) if as_json else report(r))
            return
        if agreement:
            r = annotator_agreement(read_gold(gold, limit))
            click.echo(json.dumps(r, indent=2) if as_json else format_agreement(r))
            return
        result = evaluate_file(gold, models=models, limit=limit, keep_errors=errors)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(f"{gold}: {exc}") from exc
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_report(result, errors=errors))


def _label_scorer(identity_gold: str | None, hand_labels: str | None):
    """(labels file, reader, scorer, formatter) of ``--identity`` or ``--hand``; None without either."""
    if identity_gold:
        from .evaluate.identity import evaluate_identity, format_identity, read_identity_gold

        return identity_gold, read_identity_gold, evaluate_identity, format_identity
    if hand_labels:
        from .evaluate.hand import evaluate_hand, format_hand, read_hand_labels

        return hand_labels, read_hand_labels, evaluate_hand, format_hand
    return None


@cli.command()
def version():
    """Print the package and pipeline version."""
    click.echo(f"quotes {__version__} (pipeline {PIPELINE_VERSION})")


speakers_file_option = click.option(
    "--file", "speakers_file", envvar="QUOTES_SPEAKERS", default="speakers.yml", show_default=True,
    type=click.Path(dir_okay=False), help="The corrections file, applied on every ingest (env QUOTES_SPEAKERS).",
)


@cli.group()
def speakers() -> None:
    """Correct speakers: merge, split and rename. Each correction is saved in the corrections
    file (speakers.yml) and applied to the database now and on every later ingest."""


def _speakers_op(db_path: str, fn, *args, read_only: bool = False):
    from .identity.corrections import SpeakersFileError
    from .identity.ops import SpeakerNotFound

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database")
    try:
        return fn(_open(db_path, read_only=read_only), *args)
    except (SpeakerNotFound, SpeakersFileError) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from exc


@speakers.command("list")
@db_option
@click.option("--search", help="Only speakers whose name or an alias contains this.")
@click.option("--limit", default=50, show_default=True, type=int)
def speakers_list(db_path, search, limit):
    """List speakers, most quoted first: id, kind, quotes, name and aliases."""
    from .store.speakers import list_speakers

    for r in _speakers_op(db_path, list_speakers, search, limit, read_only=True):
        aliases = ", ".join(a for a in json.loads(r["aliases"] or "[]") if a != r["name"])
        click.echo(f"#{r['id']:<6} {r['kind']:<12} {r['quotes']:>5}  {r['name']}" + (f"  ({aliases})" if aliases else ""))


@speakers.command("merge")
@click.argument("name")
@click.argument("others", nargs=-1, required=True)
@db_option
@speakers_file_option
def speakers_merge(name, others, db_path, speakers_file):
    """Merge OTHERS into NAME (names, aliases or #id), shown as NAME from now on."""
    from .identity.ops import merge

    keep = _speakers_op(db_path, lambda db: merge(db, name, list(others), speakers_file))
    click.echo(f"merged into #{keep}; recorded in {speakers_file}", err=True)


@speakers.command("split")
@click.argument("name")
@click.argument("other")
@db_option
@speakers_file_option
def speakers_split(name, other, db_path, speakers_file):
    """Never merge NAME and OTHER: the articles where OTHER was seen get their own speaker."""
    from .identity.ops import split

    ids = _speakers_op(db_path, lambda db: split(db, name, other, speakers_file))
    click.echo(f"kept apart: {', '.join(f'#{i}' for i in ids)}; recorded in {speakers_file}", err=True)


@speakers.command("rename")
@click.argument("old")
@click.argument("new")
@db_option
@speakers_file_option
def speakers_rename(old, new, db_path, speakers_file):
    """Show the speaker called OLD (a name, alias or #id) as NEW."""
    from .identity.ops import rename

    ids = _speakers_op(db_path, lambda db: rename(db, old, new, speakers_file))
    click.echo(f"renamed {', '.join(f'#{i}' for i in ids)}; recorded in {speakers_file}", err=True)


@speakers.command("kind")
@click.argument("name")
@click.argument("kind", type=click.Choice(SETTABLE_KINDS))
@db_option
@speakers_file_option
def speakers_kind(name, kind, db_path, speakers_file):
    """Set the kind of the speaker called NAME."""
    from .identity.ops import set_kind

    ids = _speakers_op(db_path, lambda db: set_kind(db, name, kind, speakers_file))
    click.echo(f"{', '.join(f'#{i}' for i in ids)} is now {kind}; recorded in {speakers_file}", err=True)


@speakers.command("apply")
@db_option
@speakers_file_option
def speakers_apply(db_path, speakers_file):
    """Apply the corrections file and rebuild cross-article tracking (no re-ingest)."""
    from .identity.corrections import load_corrections
    from .track import update_tracking

    def apply(db):
        load_corrections(speakers_file)  # a broken file is an error here, not a warning
        return update_tracking(db, speakers_path=speakers_file)

    stats = _speakers_op(db_path, apply)
    click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in stats.items()), err=True)


def main() -> None:  # pragma: no cover
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
