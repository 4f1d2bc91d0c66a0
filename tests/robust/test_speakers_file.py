"""The corrections file (speakers.yml) and `quotes speakers`, through the real CLI in
subprocesses: YAML anchors and aliases refused (a "billion laughs" is answered in seconds and
little memory), null names refused, a symlinked file written through, a split of unknown names
refused, `--search` matched literally."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.store import open_db, write_article
from quotes.types import Article, LocalSpeaker, Mention, Quote

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
merge:
  X: [*g]
"""

# run a command, then report its peak RSS (resource, in this wrapper process)
MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": r.returncode, "stderr": r.stderr, "s": time.monotonic() - t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


@pytest.fixture
def work(tmp_path) -> Path:
    db = open_db(tmp_path / "q.db")
    for k, (name, text) in enumerate([("Ana Ruiz", '"We stay," Ana Ruiz said.'),
                                      ("Tom Hale", '"We go," Tom Hale said.'),
                                      ("100% Party", '"No," the 100% Party said.')]):
        s = text.index(name)
        m = Mention(name, s, s + len(name), 0)
        q = Quote(type="direct", spans=[(1, text.index('"', 1))], sentence_index=0, cue="said", cue_lemma="say",
                  speaker=m, speaker_ref=0)
        write_article(db, Article(source_path=f"a{k}.txt", text=text), [q], [LocalSpeaker(name=name, kind="person",
                                                                                       mentions=[m])], "test")
    db.close()
    return tmp_path


def _one_line_error(r: subprocess.CompletedProcess, *needles: str) -> None:
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    for n in needles:
        assert n in r.stderr, r.stderr


def test_billion_laughs_refused_in_seconds_and_little_memory(work):
    (work / "speakers.yml").write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) < 400
    r = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "quotes.cli", "speakers", "apply",
                        "--db", "q.db"], capture_output=True, text=True, timeout=120, cwd=work)
    out = json.loads(r.stdout)
    assert out["rc"] != 0 and "Traceback" not in out["stderr"], out
    assert "anchors and aliases" in out["stderr"]
    assert out["s"] <= 10 and out["rss_mb"] <= 500, out


def test_null_names_refused(work):
    for body, section in [("rename:\n  Ana Ruiz: ~\n", "rename"), ("merge:\n  Ana Ruiz: [null]\n", "merge"),
                          ("never_merge:\n  - [Ana Ruiz, ~]\n", "never_merge"), ("kinds:\n  ~: person\n", "kinds")]:
        (work / "speakers.yml").write_text(body, encoding="utf-8")
        _one_line_error(cli("speakers", "apply", "--db", "q.db", cwd=work), section, "None", "is not a name")
    con = open_db(work / "q.db")
    assert "None" not in [r["name"] for r in con["speakers"].rows]


def test_symlinked_file_written_through(work):
    real = work / "conf" / "real-speakers.yml"
    real.parent.mkdir()
    real.write_text("rename:\n  Tom Hale: Thomas Hale\n", encoding="utf-8")
    (work / "speakers.yml").symlink_to(real)
    r = cli("speakers", "rename", "Ana Ruiz", "Ana M. Ruiz", "--db", "q.db", cwd=work)
    assert r.returncode == 0, r.stderr
    assert (work / "speakers.yml").is_symlink()
    text = real.read_text(encoding="utf-8")
    assert "Ana M. Ruiz" in text and "Thomas Hale" in text
    assert sorted(p.name for p in real.parent.iterdir()) == ["real-speakers.yml"]


def test_split_of_unknown_names_refused(work):
    for a, b in [("Nobody Here", "Nor There"), ("Ana Ruiz", "Nor There")]:
        _one_line_error(cli("speakers", "split", a, b, "--db", "q.db", cwd=work), "no speaker called")
    assert not (work / "speakers.yml").exists()
    r = cli("speakers", "split", "Ana Ruiz", "Tom Hale", "--db", "q.db", cwd=work)
    assert r.returncode == 0, r.stderr


def test_search_matched_literally(work):
    def names(search: str) -> list[str]:
        r = cli("speakers", "list", "--search", search, "--db", "q.db", cwd=work)
        assert r.returncode == 0, r.stderr
        return sorted(line.split("  ")[-1].strip() for line in r.stdout.splitlines())

    assert names("%") == ["100% Party"]
    assert names("_") == []
    assert names("a R") == ["Ana Ruiz"]
    assert len(names("a")) == 3
