"""Any playbook file, however hostile, gets an answer in bounded time and memory.

Each file is checked by ``sprintkit playbook validate`` in a child process that
runs under a memory ceiling and a CPU-time ceiling, so a loader that runs away
is stopped and the test fails instead of the machine swapping. The ceilings
are generous guards, not speed targets: a file is answered in well under a
second.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
MEMORY_BYTES = 300 * 2**20
CPU_SECONDS = 10
# Wall time may run past the CPU time on a busy machine; the CPU limit is the guard.
WALL_SECONDS = 60

CHILD = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_BYTES}, {MEMORY_BYTES}))
resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
from sprintkit.cli import main
sys.argv = ["sprintkit", "playbook", "validate", sys.argv[1]]
main()
"""


def validate_guarded(path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                            text=True, env=env, timeout=WALL_SECONDS, check=False)
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    if result.returncode == 0:
        assert result.stderr == ""
        assert result.stdout.startswith(f"{path}: ok (")
    else:
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        # one line per problem, each naming the file, and never more than a screenful
        assert 1 <= len(lines) <= 51, result.stderr[:500]
        assert all(line.startswith(f"Error: {path}") for line in lines), result.stderr[:500]
        assert all(len(line) < 600 for line in lines), result.stderr[:600]  # values are cut
        assert "\x1b" not in result.stderr and "\x00" not in result.stderr
    return result


VALID = (ROOT / "tests" / "fixtures" / "mini.en.yaml").read_text(encoding="utf-8")


def _bomb(levels: int) -> str:
    anchors = ["&a0 [" + ", ".join(["lol"] * 10) + "]"]
    anchors += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return VALID + ("  - id: bomb\n    title: Bomb\n    tags: [" + ", ".join(anchors) + "]\n")


NASTY_FILES = {
    "above-u32": ('title: "\\UFFFFFFFF"\n', "YAML syntax error: an escape stands for no"),
    "above-unicode": ('title: "\\U00110000"\n', "YAML syntax error: an escape stands for no"),
    "deep": ("title: " + "[" * 1000 + "]" * 1000 + "\n", "nested more than 20 levels deep"),
    "alias-bomb": (_bomb(9), "more than 20,000 values once aliases are expanded"),
    "prompts-660k": (VALID.replace('prompts: ["Where does the journey break?"]', "prompts:\n"
                                   + "      - Where does it break?\n" * 660_000),
                     "larger than 256 KB"),
    "title-5mb": (VALID.replace("title: Mini sprint", "title: " + "A" * 5_000_000),
                  "larger than 256 KB"),
    "nul-title": (VALID.replace("title: Mini sprint", 'title: "Mini\\0"'),
                  "title: holds the control character U+0000"),
    "yes-timebox": (VALID.replace("timebox_minutes: 5", "timebox_minutes: yes"),
                    "timebox_minutes: 'yes' is read as the yes/no value true"),
    "dup-key": (VALID.replace("title: Mini sprint", "title: Mini sprint\ntitle: Again"),
                "title: key 'title' is given twice"),
}


@pytest.mark.parametrize("name", list(NASTY_FILES))
def test_nasty_file_is_answered_in_one_line_within_bounds(name, tmp_path):
    text, expected = NASTY_FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate_guarded(path)
    assert result.returncode == 1
    assert expected in result.stderr


def test_a_valid_file_still_passes_the_guard(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert validate_guarded(path).stdout == f"{path}: ok (mini, en, 4 sections)\n"


# ----------------------------------------------------------- generated playbooks

NASTY_SCALARS = [
    '"\\UFFFFFFFF"', '"\\U00110000"', '"\\ud800"', '"\\0"', '"\\e[2J\\e]0;pwned\\a"',
    '"\\x9b31m"', '"a\\nb"', '"[/]"', '"[b]bold[/b]"', "yes", "No", "ON", "off", "~", "null",
    "2026-13-45", "9" * 5000, "-.inf", "0x1F", "&self [*self]", "*missing", "!!python/object:os.system",
    "!!binary AAAA", "[" * 300 + "]" * 300, "{a: 1, a: 2}", '"' + "A" * 100_000 + '"',
]

_normal_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


def _hostile_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY_SCALARS),
        # Arbitrary text, written as a JSON string (which is YAML too), so that
        # control characters, surrogates and separators reach the loader.
        _normal_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
        _normal_text.map(lambda s: json.dumps(s)),
    )


@st.composite
def playbook_texts(draw) -> str:
    def value(normal: str) -> str:
        return draw(st.one_of(st.just(normal), _hostile_value())) if draw(st.booleans()) \
            else normal

    prompts_per_section = draw(st.sampled_from([0, 2, 31, 5000]))
    sections = []
    for i in range(draw(st.integers(1, 3))):
        prompts = "".join(f"      - {value('Why?')}\n" for _ in range(prompts_per_section))
        prompts = prompts or "      - One?\n"
        sections.append(
            f"  - id: {value(f's{i}')}\n    title: {value('Step')}\n"
            f"    intro: {value('What this is for.')}\n"
            f"    prompts:\n{prompts}"
            f"    timebox_minutes: {value('10')}\n    kind: {value('capture')}\n")
    text = (f"id: {value('fuzz')}\nlanguage: {value('en')}\ntitle: {value('Fuzz')}\n"
            f"description: {value('Generated.')}\nsections:\n" + "".join(sections)
            + f"phases:\n  - {{id: now, title: {value('Now')}, horizon: {value('soon')}}}\n"
            + f"lenses:\n  - id: l\n    title: {value('Lens')}\n"
            + f"    tags: {{{value('ease')}: {value('Ease')}}}\n")
    extra = draw(st.sampled_from(["", "deep", "bomb", "aliases", "dup", "keys"]))
    if extra == "deep":
        depth = draw(st.integers(10, 3000))
        text += "extra: " + "[" * depth + "]" * depth + "\n"
    elif extra == "bomb":
        levels = draw(st.integers(2, 12))
        text = text.replace("lenses:\n", "lenses:\n" + _bomb(levels)[len(VALID):], 1)
    elif extra == "aliases":
        text += "a: &a [x]\nb: [" + ", ".join(["*a"] * draw(st.integers(1, 500))) + "]\n"
    elif extra == "dup":
        text += f"title: {value('Twice')}\n"
    elif extra == "keys":
        text += "".join(f"{value('k')}: 1\n" for _ in range(draw(st.integers(1, 5))))
    return text


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(playbook_texts())
def test_generated_playbooks_are_answered_within_bounds(text):
    with tempfile.TemporaryDirectory(prefix="playbook-fuzz-") as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        validate_guarded(path)
