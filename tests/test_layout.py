"""The package's layout keeps its promises (README, "The flow"): imports run one way (no import
circles, not even through imports inside functions), SQL lives in ``quotes/store/``, no module
imports another's ``_private`` names, the CLI is the one entry point, and the ingest path loads
no training or evaluation code. Checked on the source with ``ast``; nothing here needs Stanza."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "quotes"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p): p for p in FILES}


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every import in ``path`` (top level and inside functions): (absolute module, names, line)."""
    name = module_name(path)
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = pkg.split(".")
                up = up[: len(up) - (node.level - 1)] if node.level > 1 else up
                base = ".".join(up + ([base] if base else []))
            out.append((base, [a.name for a in node.names], node.lineno))
    return out


def _owner(target: str) -> str | None:
    """The module of the package that ``target`` (a module or module.name) lives in."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = set()
        for base, names, _ in imports(path):
            for t in [base] + [f"{base}.{n}" for n in names]:
                owner = _owner(t)
                if owner and owner != name:
                    deps.add(owner)
        graph[name] = deps
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_checker_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    assert circles(import_graph()) == []


# A statement: a string that starts (after blanks and a parenthesis) with an SQL verb and has the
# shape of one (select ... from, insert into, update ... set, delete from, create/drop/alter ...).
SQL = re.compile(
    r"^\s*\(?\s*(select\s.+\sfrom\s|insert\s+(or\s+\w+\s+)?into\s|update\s+\S+\s+set\s|delete\s+from\s"
    r"|create\s+(unique\s+|virtual\s+)?(table|index|view|trigger)\s|drop\s+(table|index|view|trigger)\s"
    r"|alter\s+table\s|pragma\s+\w+|with\s+\w+\s+as\s*\()",
    re.I | re.S,
)


def sql_strings(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            out.append((node.lineno, node.value.strip().splitlines()[0][:60]))
        elif isinstance(node, ast.JoinedStr):
            head = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL.match(head):
                out.append((node.lineno, head.strip().splitlines()[0][:60]))
    return out


def test_the_sql_finder_finds_statements_not_prose():
    assert SQL.match("select id from quotes where x = ?")
    assert SQL.match("\n  delete from clusters where id in (?)")
    assert SQL.match("update quotes set cluster_id = ?")
    assert not SQL.match("The speaker said it, from the list")
    assert not SQL.match("select")
    assert not SQL.match("update the speakers file")


def test_sql_lives_in_the_store():
    found = [f"{p.relative_to(ROOT)}:{line}: {text}" for p in FILES if "store" not in p.relative_to(PACKAGE).parts
             for line, text in sql_strings(p)]
    assert found == []


def test_no_module_imports_another_modules_private_names():
    found = []
    for name, path in MODULES.items():
        for base, names, line in imports(path):
            owner = _owner(base)
            if owner is None or owner == name:
                continue
            found += [f"{path.relative_to(ROOT)}:{line}: {n} from {base}" for n in names
                      if n.startswith("_") and not n.startswith("__")]
    assert found == []


def test_the_cli_is_the_only_entry_point():
    found = []
    for path in FILES:
        rel = path.relative_to(ROOT)
        if rel == Path("quotes/cli.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "__name__":
                found.append(f"{rel}:{node.lineno}: if __name__ == ...")
        if path.name == "__main__.py":
            found.append(f"{rel}: __main__.py")
        for base, names, line in imports(path):
            if base == "argparse" or (base == "" and "argparse" in names):
                found.append(f"{rel}:{line}: argparse")
    assert found == []


def test_ingesting_loads_no_training_or_evaluation_code():
    code = ("import sys, quotes.run.ingest, quotes.cli; "
            "print(' '.join(m for m in sys.modules if m.startswith(('quotes.evaluate', 'training')) "
            "or '.train' in m or m.endswith('train')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == []


def readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| module | what it does |")
    return text[start : text.index("\n\n", start)]


def test_the_readme_module_table_matches_the_tree():
    table = readme_table()
    named = set(re.findall(r"`((?:quotes|training|bench)/[^`]*)`", table))
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert missing == [], "the README names paths that do not exist"
    entries = sorted(p.name for p in PACKAGE.iterdir()
                     if not p.name.startswith(("_", ".")) and p.name != "data" and (p.is_dir() or p.suffix == ".py"))
    unlisted = [e for e in entries if f"quotes/{e}" + ("/" if (PACKAGE / e).is_dir() else "") not in named]
    assert unlisted == [], "modules of the package that the README's table leaves out"
