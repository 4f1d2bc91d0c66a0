"""PIPELINE_VERSION is derived from the files that decide an article's rows, never bumped by hand."""
from __future__ import annotations

import shutil
from pathlib import Path

import quotes
from quotes import PIPELINE_VERSION, __version__, pipeline_digest

PACKAGE = Path(quotes.__file__).parent


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "quotes"
    shutil.copytree(PACKAGE / "extract", root / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PACKAGE / "identity", root / "identity", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PACKAGE / "types.py", root / "types.py")
    (root / "nlp" / "models").mkdir(parents=True)
    shutil.copy(PACKAGE / "nlp" / "models" / "card.json", root / "nlp" / "models" / "card.json")
    shutil.copy(PACKAGE / "nlp" / "segment.py", root / "nlp" / "segment.py")
    return root


def test_the_version_is_the_package_version_and_the_digest():
    assert PIPELINE_VERSION == f"{__version__}+{pipeline_digest()}"


def test_a_copy_has_the_same_digest_and_any_change_to_rules_data_or_card_changes_it(tmp_path):
    root = _copy(tmp_path)
    same = pipeline_digest(root)
    assert same == pipeline_digest()
    for rel in ("extract/data/cues.tsv", "identity/data/titles.txt", "extract/reported.py", "nlp/models/card.json",
                "nlp/segment.py"):
        f = root / rel
        old = f.read_bytes()
        f.write_bytes(old + b"\n")
        assert pipeline_digest(root) != same, rel
        f.write_bytes(old)
    assert pipeline_digest(root) == same


def test_compiled_files_and_other_modules_do_not_count(tmp_path):
    root = _copy(tmp_path)
    same = pipeline_digest(root)
    (root / "extract" / "__pycache__").mkdir()
    (root / "extract" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (root / "cli.py").write_text("# the CLI does not decide what is stored\n")
    assert pipeline_digest(root) == same
