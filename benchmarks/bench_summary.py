"""`phieu summary` against `phieu validate` over the same response files.

    python benchmarks/bench_summary.py [--files 10000] [--repeat 3] [--keep DIR]

Writes N response files (made with phieu's own response code: new_response, dump_response) into a temporary
folder: complete responses for random provinces (so most provinces have several), about 3% drafts and 2%
invalid files, answers drawn from both branches of question 1 with varied numbers and texts. Then times,
as the user runs them (a fresh process each time, output to a pipe):

- `phieu validate FILES` (when this build has the command; otherwise the same work in one process:
  load the form once, validation.check_file on every file, print the problems);
- `phieu summary DIR`;
- `phieu summary DIR -o summary.xlsx`.

Prints the median of --repeat runs and the ratio summary / validate (the target: at most 2).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from phieu_cli.form.check import LoadedForm, load_form  # noqa: E402
from phieu_cli.responses.format import dump_response, new_response, now  # noqa: E402
from samples import CHUA_QUY_DINH, DA_QUY_DINH  # noqa: E402

PHIEU = [sys.executable, "-m", "phieu_cli"]


def _answers(rng: random.Random) -> dict[str, Any]:
    answers = copy.deepcopy(rng.choice([CHUA_QUY_DINH, DA_QUY_DINH]))
    answers["q3dd"] = rng.randint(0, 40)
    answers["q3e"] = rng.randint(0, 15)
    answers["q2a"] = {rng.choice(["van_phong", "so_tttt"]): {}}
    answers["q6a"] = {rng.choice(["dvsn_van_phong", "dvsn_so_tttt", "hcsn_so_tttt"]): {}}
    answers["q6c"] = {rng.choice(["dong_y", "khong_dong_y"]): {}}
    answers["q5"] = f"Vướng mắc số {rng.randint(1, 999)}: kinh phí, nhân lực, hạ tầng kỹ thuật của Cổng TTĐT."
    return answers


def generate(loaded: LoadedForm, folder: Path, count: int, seed: int = 149) -> None:
    rng = random.Random(seed)
    provinces = [o.id for o in loaded.form.unit_options]
    for index in range(count):
        response = new_response(loaded)
        response.respondent.update(province=rng.choice(provinces), agency="Sở Thông tin và Truyền thông")
        roll = rng.random()
        if roll < 0.03:
            response.answers = {"q3dd": rng.randint(0, 9)}
        else:
            response.answers = _answers(rng)
            response.status = "complete"
            response.completed_at = now()
            if roll < 0.05:
                response.answers["q3dd"] = -1  # invalid: below the minimum
        (folder / f"phieu_{index:05d}.json").write_text(dump_response(response), encoding="utf-8")


def _has_validate() -> bool:
    result = subprocess.run([*PHIEU, "validate", "--help"], capture_output=True)
    return result.returncode == 0


def _validate_in_process(files: list[str]) -> None:
    """What `phieu validate` does, for builds without the command: one form load, check_file per file."""
    from phieu_cli.responses.validation import check_file
    from phieu_cli.terminal.report import print_problems

    loaded = load_form()
    problems = []
    for name in files:
        problems += check_file(loaded, Path(name)).problems
    print_problems(problems, "text")


def _time(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(command[:4])} … failed ({result.returncode}):\n{result.stderr.decode()[-2000:]}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--validate-core", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.validate_core:
        _validate_in_process(json.loads(args.validate_core.read_text(encoding="utf-8")))
        return

    loaded = load_form()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="phieu-bench-"))
    data = folder / "phieu"
    data.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        generate(loaded, data, args.files)
        print(f"{args.files:,} response files generated in {time.perf_counter() - start:.1f} s ({data})")
        names = sorted(str(p.relative_to(folder)) for p in data.glob("*.json"))
        if _has_validate():
            validate_label = "phieu validate FILES"
            validate = [*PHIEU, "validate", *names]
        else:
            validate_label = "validate core (check_file per file, in one process; no `phieu validate` yet)"
            list_file = folder / "files.json"
            list_file.write_text(json.dumps(names), encoding="utf-8")
            validate = [sys.executable, str(Path(__file__).resolve()), "--validate-core", str(list_file)]
        runs = {
            validate_label: validate,
            "phieu summary DIR": [*PHIEU, "summary", "phieu"],
            "phieu summary DIR -o summary.xlsx": [
                *PHIEU,
                "summary",
                "phieu",
                "-o",
                "summary.xlsx",
                "--force",
            ],
        }
        medians: dict[str, float] = {}
        for label, command in runs.items():
            times = [_time(command, folder) for _ in range(args.repeat)]
            medians[label] = statistics.median(times)
            shown = ", ".join(f"{t:.2f}" for t in times)
            print(f"{label:<80} median {medians[label]:6.2f} s  (runs: {shown})")
        base = medians[validate_label]
        for label in list(runs)[1:]:
            ratio = medians[label] / base
            verdict = "ok" if ratio <= 2 else "OVER the 2x target"
            print(f"{label} / validate = {ratio:.2f}x  ({verdict})")
        print(
            f"per file: validate {base / args.files * 1000:.2f} ms, summary {medians['phieu summary DIR'] / args.files * 1000:.2f} ms"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
