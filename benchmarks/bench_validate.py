"""How fast is `phieu validate`? Prints figures side by side; not a test (timings depend on the machine).

    python benchmarks/bench_validate.py [--files 10000] [--runs 21]

Measures, against the targets of issue 3:
- `phieu validate one.json` against `python -c "import json"` (target: at most 4x), with where the time goes:
  interpreter, imports, reading the YAML form (libyaml and pure-Python loaders), checking the file;
- 10,000 responses in one call against a bare `json.loads` loop over the same files (target: at most 4x);
- the same files with `check-jsonschema` and the schema from `phieu schema json-schema` (target: phieu at
  least 20x faster). Install it first: `pip install check-jsonschema` (skipped, and said so, if missing).

The responses are the examples of examples/ spread over the 63 provinces with varied answers, about one in
a hundred made invalid, written to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def phieu_command() -> list[str]:
    """The installed console script, as people run it; `python -m phieu_cli` if there is none."""
    scripts = Path(PY).parent
    for name in ("phieu", "phieu.exe"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    return [PY, "-m", "phieu_cli"]


def wall(cmd: Sequence[str], runs: int) -> tuple[float, int]:
    """Median wall time in seconds over *runs*, and the exit code of the last run."""
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        ).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def make_responses(folder: Path, count: int) -> list[Path]:
    from phieu_cli.form.check import load_form

    provinces = [o.id for o in load_form().form.unit_options]
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "examples").glob("*.json"))]
    rng = random.Random(149)
    paths = []
    for i in range(count):
        data = copy.deepcopy(bases[i % len(bases)])
        data["respondent"]["province"] = provinces[i % len(provinces)]
        answers = data["answers"]
        if "q3dd" in answers:
            answers["q3dd"] = rng.randint(0, 40)
        if "q5" in answers:
            answers["q5"] += f" (phiếu số {i})"
        if i % 97 == 0:  # about one in a hundred returns has a mistake
            answers["q3e"] = -1
        path = folder / f"{i:05d}_{data['respondent']['province']}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def in_process_breakdown() -> None:
    """Where one `phieu validate` call spends its time, measured inside a fresh interpreter."""
    probe = r"""
import time, sys
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
import phieu_cli.cli, phieu_cli.responses.checkfiles
t2 = time.perf_counter()
from phieu_cli.form import check as formcheck, yamlsource
from phieu_cli.responses.validation import check_file
loaded = formcheck.load_form()
t3 = time.perf_counter()
report = check_file(loaded, __import__("pathlib").Path(sys.argv[1]))
t4 = time.perf_counter()
text = loaded.path.read_text(encoding="utf-8")
def yaml_ms(composer, n=20):
    yamlsource._COMPOSER = composer
    start = time.perf_counter()
    for _ in range(n):
        formcheck.check_source(yamlsource.load_yaml_text(text, "x"))
    return (time.perf_counter() - start) / n * 1e3
import yaml
fast = yaml_ms(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
slow = yaml_ms(yaml.SafeLoader)
print(f"{(t1-t0)*1e3:.0f} {(t2-t1)*1e3:.0f} {(t3-t2)*1e3:.1f} {(t4-t3)*1e3:.2f} {fast:.1f} {slow:.1f}")
"""
    example = REPO / "examples" / "da_nang_da_quy_dinh.json"
    rows = []
    for _ in range(7):
        out = subprocess.run(
            [PY, "-c", probe, str(example)], capture_output=True, text=True, check=True
        ).stdout
        rows.append([float(x) for x in out.split()])
    typer_ms, phieu_ms, form_ms, check_ms, fast, slow = (
        statistics.median(col) for col in zip(*rows, strict=True)
    )
    print("  where one call goes (median of 7 fresh interpreters):")
    print(f"    import typer                         {typer_ms:7.1f} ms")
    print(f"    import phieu (pydantic, models, yaml) {phieu_ms:6.1f} ms")
    print(f"    load and check the form (YAML)       {form_ms:7.1f} ms")
    print(f"    check one response                   {check_ms:7.2f} ms")
    print(f"    form YAML parse + check, libyaml     {fast:7.1f} ms per call")
    print(f"    form YAML parse + check, pure Python {slow:7.1f} ms per call")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21, help="runs of each one-file command")
    args = parser.parse_args()
    phieu = phieu_command()
    print(f"Python {sys.version.split()[0]} on {sys.platform}; phieu: {' '.join(phieu)}\n")

    example = REPO / "examples" / "da_nang_da_quy_dinh.json"
    print("1. One file")
    baseline, _ = wall([PY, "-c", "import json"], args.runs)
    one, code = wall([*phieu, "validate", str(example)], args.runs)
    assert code == 0, "the example should be valid"
    print(f"  python -c 'import json'              {baseline * 1e3:7.1f} ms")
    print(
        f"  phieu validate one.json              {one * 1e3:7.1f} ms   {one / baseline:4.1f}x (target <= 4x)"
    )
    in_process_breakdown()

    with tempfile.TemporaryDirectory(prefix="phieu_bench_") as tmp:
        folder = Path(tmp) / "returns"
        folder.mkdir()
        paths = make_responses(folder, args.files)
        for path in paths:  # warm the file cache: every contender reads from memory
            path.read_bytes()
        print(
            f"\n2. {len(paths):,} responses in one call ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB)"
        )
        loop = (
            "import json, pathlib, sys\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
            "    json.loads(p.read_bytes())\n"
        )
        bare, _ = wall([PY, "-c", loop, str(folder)], 3)
        many, code = wall([*phieu, "validate", "--quiet", str(folder)], 3)
        assert code == 1, "about one in a hundred responses is invalid"
        print(f"  bare json.loads loop                 {bare:7.2f} s")
        print(f"  phieu validate --quiet FOLDER        {many:7.2f} s   {many / bare:4.1f}x (target <= 4x)")
        print(f"    per file, start-up left out        {(many - one) / len(paths) * 1e6:7.0f} us")

        checker = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
        if not Path(checker).is_file():
            print(
                "  check-jsonschema                     not installed (pip install check-jsonschema): skipped"
            )
            return 0
        schema = Path(tmp) / "schema.json"
        subprocess.run([*phieu, "schema", "json-schema", "-o", str(schema)], check=True, capture_output=True)
        batches = [paths[i : i + 2000] for i in range(0, len(paths), 2000)]  # short command lines (Windows)
        start = time.perf_counter()
        codes = [
            subprocess.run(
                [checker, "--schemafile", str(schema), *map(str, batch)], capture_output=True, check=False
            ).returncode
            for batch in batches
        ]
        other = time.perf_counter() - start
        assert any(codes), "check-jsonschema should find the invalid responses too"
        print(
            f"  check-jsonschema --schemafile        {other:7.2f} s   phieu is {other / many:4.1f}x faster (target >= 20x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
