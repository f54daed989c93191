"""Hostile files for the fuzz tests: a seeded mutator of response files, schemas and answers files, and a way
to run a command in-process the way a terminal would (stdout and stderr strict UTF-8, so text that no
terminal can print fails here as it would there).

Run as a script for a longer campaign: `python tests/hostile.py [N [SEED]]` prints, per command, how many mutated
files went through and how many ended in a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCHEMA = REPO / "schema" / "phieu_149.yaml"

# Strings that have broken readers and writers: lone surrogates, C0/C1 controls, terminal escapes, XML-
# forbidden non-characters, bidi overrides, huge and odd numbers, very long text.
HOSTILE_TEXT = [
    "\ud800",
    "a\udfffb",
    "abc\u0001def",
    "Nguyễn\x0bVăn",
    "\x00",
    "\x7f",
    "\x85x\x9b",
    "\x1b[31mĐỎ\x1b[0m",
    "\x1b]0;title\x07",
    "\ufffe",
    "\uffff",
    "\u202eabc",
    "\r\n",
    "\t",
    "",
    " ",
    "x" * 20_000,
    "Câu 3đ" * 50,
    "\u0301",
    "🙂",
]
HOSTILE_VALUES: list[Any] = [
    *HOSTILE_TEXT,
    None,
    True,
    False,
    0,
    -1,
    10**30,
    1.5,
    12.0,
    -0.0,
    1e308,
    [],
    {},
    [None],
    {"": ""},
    {"\ud800": 1},
    {"\x1b[2J": {}},
    [[[[[]]]]],
]
HOSTILE_NUMBER_TOKENS = ["1" * 5000, "1e999999", "-1e-999999", "NaN", "Infinity", "0" * 400 + "1"]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def mutate_data(rng: random.Random, data: Any, rounds: int = 3) -> Any:
    """A few structural mutations: replace a value, rename or drop a key, add a hostile key, nest deeper."""
    data = json.loads(json.dumps(data))
    for _ in range(rng.randint(1, rounds)):
        paths = list(_paths(data))
        path = rng.choice(paths)
        if not path:
            continue
        parent = _get(data, path[:-1])
        last = path[-1]
        action = rng.randrange(6)
        if action <= 1:
            parent[last] = rng.choice(HOSTILE_VALUES)
        elif action == 2 and isinstance(parent, dict):
            parent[rng.choice(HOSTILE_TEXT)] = parent.pop(last)
        elif action == 3 and isinstance(parent, dict):
            del parent[last]
        elif action == 4:
            parent[last] = [parent[last]] if rng.random() < 0.5 else {"x": parent[last]}
        elif isinstance(parent[last], str):
            s = parent[last]
            i = rng.randrange(len(s) + 1)
            parent[last] = s[:i] + rng.choice(HOSTILE_TEXT) + s[i:]
    return data


def dump_json(rng: random.Random, data: Any) -> bytes:
    """JSON as a person or a broken tool may write it (surrogates kept as \\u escapes), sometimes damaged."""
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    raw = (
        text.encode("utf-8", "surrogatepass")
        if "\\ud" not in text
        else text.encode("utf-8", "backslashreplace")
    )
    roll = rng.random()
    if roll < 0.08 and raw:
        raw = raw[: rng.randrange(len(raw))]  # truncated
    elif roll < 0.16:
        raw = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        raw = bytes(raw)
    elif roll < 0.22:
        raw = raw.replace(b": 6", b": " + rng.choice(HOSTILE_NUMBER_TOKENS).encode(), 1)
    elif roll < 0.25:
        raw = b"\xef\xbb\xbf" + raw
    return raw


def mutated_responses(seed: int, count: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    for _ in range(count):
        yield dump_json(rng, mutate_data(rng, rng.choice(bases)))


# --- YAML: schemas and answers files ------------------------------------------------------------------------

YAML_SNIPPETS = [
    "2023-02-30",
    "!!int abc",
    "!!float abc",
    "1" * 5000,
    "{<<: 1}",
    "&r [*r]",
    "[" * 300 + "]" * 300,
    "{a: " * 200 + "1" + "}" * 200,
    '"\\ud800"',
    '"abc\\x01def"',
    '"\\e[31m"',
    "!!python/object:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2023-13-45",
    "~",
    "[]",
    "{}",
    "'x' * 3",
    "*undefined",
    "&a 1",
    "? [a]\n: 1",
    "|\n  multi\n  line",
    "-.inf",
    ".nan",
    "0x" + "f" * 2000,
    "0o" + "7" * 3000,
    "1_000_000",
    "2001-12-14t21:59:43.10-05:00",
]


def mutate_yaml(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        line = lines[i]
        action = rng.randrange(5)
        if action <= 2 and ":" in line:
            key, _, _ = line.partition(":")
            lines[i] = f"{key}: {rng.choice(YAML_SNIPPETS)}"
        elif action == 3:
            lines.insert(i, line.split(":")[0] + ": " + rng.choice(YAML_SNIPPETS))
        else:
            cut = rng.randrange(len(line) + 1)
            lines[i] = (
                line[:cut] + rng.choice(["\t", "'", '"', "{", "[", "&a", "*a", ": ", "\\"]) + line[cut:]
            )
    return "\n".join(lines) + "\n"


def mutated_yaml(seed: int, count: int, base: str) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield mutate_yaml(rng, base)


# --- running a command the way a terminal would -------------------------------------------------------------


@dataclass
class Outcome:
    code: int | None
    out: str
    err: str
    crash: str | None  # the traceback, if the command did not end with an exit code


def run_strict(argv: list[str]) -> Outcome:
    """`phieu ARGV` in this process, stdout and stderr strict UTF-8 (a real terminal cannot print a lone
    surrogate either). Any exception other than SystemExit is a crash."""
    from phieu_cli.cli import main

    return call_strict(lambda: main(argv))


def call_strict(command: Callable[[], Any]) -> Outcome:
    """Run *command* as cli.main would: strict UTF-8 streams, a PhieuError printed and turned into its exit
    code, an int returned taken as the exit code. Any other exception is a crash."""
    from phieu_cli.common.errors import PhieuError
    from phieu_cli.terminal.report import print_error

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict", write_through=True)
    code: int | None = None
    crash = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result = command()
            code = result if isinstance(result, int) else 0
        except PhieuError as exc:
            print_error(exc)
            code = exc.exit_code
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException:
            crash = traceback.format_exc()
        with contextlib.suppress(Exception):
            out.flush()
            err.flush()
    return Outcome(
        code,
        out_bytes.getvalue().decode("utf-8", "replace"),
        err_bytes.getvalue().decode("utf-8", "replace"),
        crash,
    )


def response_commands(path: Path, out_dir: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(path)],
        "validate --format json": ["validate", "--format", "json", str(path)],
        "validate --strict": ["validate", "--strict", str(path)],
        "show": ["show", str(path)],
        "show --lang en": ["show", "--lang", "en", str(path)],
        "export md": ["export", str(path), "-o", str(out_dir / "r.md"), "--force"],
        "export html": ["export", str(path), "-o", str(out_dir / "r.html"), "--force"],
        "export docx": ["export", str(path), "-o", str(out_dir / "r.docx"), "--force"],
        "export pdf --lang en": [
            "export",
            "--lang",
            "en",
            str(path),
            "-o",
            str(out_dir / "r.pdf"),
            "--force",
        ],
        "summary": ["summary", str(path)],
        "summary xlsx": ["summary", str(path), "-o", str(out_dir / "s.xlsx"), "--force"],
        "summary csv": ["summary", str(path), "-o", str(out_dir / "s.csv"), "--force"],
    }


def campaign(count: int, seed: int, work: Path, report: Callable[[str], None] = print) -> dict[str, int]:
    crashes: dict[str, int] = {}
    samples: dict[str, str] = {}
    work.mkdir(parents=True, exist_ok=True)
    target = work / "r.json"
    for raw in mutated_responses(seed, count):
        target.write_bytes(raw)
        for name, argv in response_commands(target, work).items():
            outcome = run_strict(argv)
            if outcome.crash or outcome.code not in (0, 1, 2):
                crashes[name] = crashes.get(name, 0) + 1
                samples.setdefault(name, f"{raw[:300]!r}\n{outcome.crash}")
    schema_text = SCHEMA.read_text(encoding="utf-8")
    schema_file = work / "s.yaml"
    for text in mutated_yaml(seed, count // 4, schema_text):
        schema_file.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome = run_strict(["schema", "check", str(schema_file)])
        if outcome.crash or outcome.code not in (0, 1, 2):
            crashes["schema check"] = crashes.get("schema check", 0) + 1
            samples.setdefault("schema check", f"{text[:300]!r}\n{outcome.crash}")
    answers_text = (EXAMPLES / "answers" / "da_nang.yaml").read_text(encoding="utf-8")
    answers_file = work / "a.yaml"
    for text in mutated_yaml(seed, count // 4, answers_text):
        answers_file.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome = run_strict(
            ["fill", "--answers", str(answers_file), "-o", str(work / "out.json"), "--force"]
        )
        if outcome.crash or outcome.code not in (0, 1, 2):
            crashes["fill --answers"] = crashes.get("fill --answers", 0) + 1
            samples.setdefault("fill --answers", f"{text[:300]!r}\n{outcome.crash}")
    for name, sample in samples.items():
        report(f"--- {name}: first crash\n{sample[-1500:]}")
    return crashes


if __name__ == "__main__":
    import tempfile

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as tmp:
        found = campaign(n, seed, Path(tmp), report=lambda s: print(s, file=sys.__stderr__))
    print(
        f"{n} mutated response files through each of {len(response_commands(Path(), Path()))} commands, {n // 4} schemas, {n // 4} answers files"
    )
    print("crashes:", found or "none", file=sys.__stdout__)
