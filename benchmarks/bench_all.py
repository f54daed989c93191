"""Every figure of issue 12 side by side, from one command. Prints figures; not a test.

    pip install -e ".[bench]"      # jsonschema-rs and check-jsonschema (rows without them say "skipped")
    python benchmarks/bench_all.py [--runs 21] [--sizes 2000,10000] [--rounds 5] [--checker-files 2000]

Each row times whole processes as a person runs them (output to a pipe), the commands of a row interleaved
round by round so that a busy machine slows both sides alike, and reports the median of each side and their
ratio. The machine's load average is printed first: on a shared machine read the ratios, not the times.

phieu's own modules are byte-compiled first (an installed wheel is; PYTHONDONTWRITEBYTECODE would otherwise
make every run compile them), and its compiled-form cache lives in a temporary folder, warmed by one run
(the cold run is shown too).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
sys.path.insert(0, str(HERE))

from bench_validate import make_responses, phieu_command  # noqa: E402

Command = Sequence[str]


def timed(cmd: Command, env: dict[str, str]) -> tuple[float, int]:
    seconds, code, _ = timed_cpu(cmd, env)
    return seconds, code


def timed_cpu(cmd: Command, env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, exit code, and the CPU seconds (user + system) of the process and its own children."""
    before = _children_cpu()
    start = time.perf_counter()
    code = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    ).returncode
    return time.perf_counter() - start, code, _children_cpu() - before


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows: no CPU figures
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleaved(
    commands: dict[str, Callable[[], tuple[float, int, float]]], rounds: int
) -> dict[str, tuple[float, int, float]]:
    """Median seconds, last exit code and median CPU seconds of each command, run in turn *rounds* times
    (order rotated)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    codes: dict[str, int] = {}
    names = list(commands)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            seconds, codes[name], cpu = commands[name]()
            times[name].append(seconds)
            cpus[name].append(cpu)
    return {
        name: (statistics.median(times[name]), codes[name], statistics.median(cpus[name])) for name in names
    }


def phieu_counts(phieu: Command, folder: Path, env: dict[str, str]) -> tuple[int, int]:
    """(files checked, files invalid) from `phieu validate --format json`: what the timed runs did."""
    done = subprocess.run(
        [*phieu, "validate", "--format", "json", str(folder)], env=env, capture_output=True, check=False
    )
    summary = json.loads(done.stdout)["summary"]
    return summary["files"], summary["invalid"]


def rs_counts(cmd: Command, env: dict[str, str]) -> tuple[int, int]:
    """(files checked, files invalid) as the jsonschema-rs loop prints them: a loop that stopped early (a schema
    it cannot compile) prints nothing, and its row is void."""
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    words = done.stdout.split()
    if len(words) != 2:
        raise SystemExit(f"the jsonschema-rs loop did not run through: {done.stderr.strip()[-500:]}")
    return int(words[0]), int(words[1])


def checker_counts(checker: str, schema: Path, paths: Sequence[Path], env: dict[str, str]) -> tuple[int, int]:
    """(files checked, files invalid) from check-jsonschema's verbose JSON report."""
    done = subprocess.run(
        [checker, "-v", "-o", "json", "--schemafile", str(schema), *map(str, paths)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"check-jsonschema did not report: {done.stderr.strip()[-500:]}") from None
    if report.get("parse_errors"):
        raise SystemExit(f"check-jsonschema could not parse: {report['parse_errors']}")
    invalid = len({e["filename"] for e in report.get("errors", [])})
    return len(report.get("successes", [])) + invalid, invalid


def row(figure: str, value: float, target: str, detail: str) -> None:
    print(f"| {figure} | {value:.2f}x | {target} | {detail} |", flush=True)


def first_prompt_seconds(phieu: Command, folder: Path, env: dict[str, str]) -> float | None:
    """`phieu fill` from start until the first question is on the screen (pexpect; None without it)."""
    try:
        import pexpect
    except ImportError:
        return None
    output = folder / "fill_probe.json"
    for leftover in folder.glob("fill_probe*"):
        leftover.unlink()
    start = time.perf_counter()
    child = pexpect.spawn(
        phieu[0], [*phieu[1:], "fill", "-o", str(output)], env=env, encoding="utf-8", dimensions=(24, 80)
    )
    try:
        child.expect("Tỉnh, thành phố", timeout=60)  # the first question: the province
        seconds = time.perf_counter() - start
    finally:
        child.terminate(force=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds of the one-file and start-up rows")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the folder rows")
    parser.add_argument("--sizes", default="2000,10000", help="folder sizes (responses)")
    parser.add_argument("--checker-files", type=int, default=2000, help="files given to check-jsonschema")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "src" / "phieu_cli")], env=env, check=False)
    phieu = phieu_command()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(
        f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; phieu: {' '.join(phieu)}"
    )
    if load:
        print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    with tempfile.TemporaryDirectory(prefix="phieu_bench_") as tmp_name:
        tmp = Path(tmp_name)
        env["PHIEU_CACHE_DIR"] = str(tmp / "cache")
        example = str(REPO / "examples" / "da_nang_da_quy_dinh.json")

        serial_env = {**env, "PHIEU_JOBS": "1"}  # the folder rows also time phieu in one process

        def run(cmd: Command) -> Callable[[], tuple[float, int, float]]:
            return lambda: timed_cpu(cmd, env)

        cold, _ = timed([*phieu, "validate", example], env)  # writes the compiled form
        print(f"first run, cold cache (YAML + pydantic, writes the cache): {cold * 1e3:.0f} ms\n")
        print("| figure | measured | target | medians |")
        print("|---|---|---|---|")

        one = interleaved(
            {"json": run([PY, "-c", "import json"]), "phieu": run([*phieu, "validate", example])}, args.runs
        )
        assert one["phieu"][1] == 0, "the example should be valid"
        row(
            '`phieu validate one.json` ÷ `python -c "import json"`',
            one["phieu"][0] / one["json"][0],
            "≤ 2×",
            f"{one['phieu'][0] * 1e3:.1f} ms / {one['json'][0] * 1e3:.1f} ms ({args.runs} rounds)",
        )

        schema = tmp / "schema.json"
        subprocess.run(
            [*phieu, "schema", "json-schema", "-o", str(schema)], env=env, check=True, capture_output=True
        )
        bare = "import json, os, sys\nd = sys.argv[1]\nfor n in sorted(os.listdir(d)):\n    with open(os.path.join(d, n), 'rb') as f:\n        json.loads(f.read())\n"
        rs = (
            "import json, os, sys\nimport jsonschema_rs\n"
            "v = jsonschema_rs.validator_for(json.load(open(sys.argv[2], encoding='utf-8')))\nbad = done = 0\n"
            "d = sys.argv[1]\nfor n in sorted(os.listdir(d)):\n"
            "    with open(os.path.join(d, n), 'rb') as f:\n        bad += not v.is_valid(json.loads(f.read()))\n"
            "    done += 1\n"
            "print(done, bad)\nsys.exit(1 if bad else 0)\n"
        )
        try:
            import jsonschema_rs  # noqa: F401

            have_rs = True
        except ImportError:
            have_rs = False
        for size in sizes:
            folder = tmp / f"returns_{size}"
            folder.mkdir()
            paths = make_responses(folder, size)
            for path in paths:
                path.read_bytes()  # every contender reads from the file cache
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            commands = {
                "bare": run([PY, "-c", bare, str(folder)]),
                "validate": run([*phieu, "validate", "--quiet", str(folder)]),
                "one process": (lambda cmd: lambda: timed_cpu(cmd, serial_env))(
                    [*phieu, "validate", "--quiet", str(folder)]
                ),
                "summary": run([*phieu, "summary", str(folder)]),
            }
            if have_rs:
                commands["rs"] = run([PY, "-c", rs, str(folder), str(schema)])
            checked, invalid = phieu_counts(phieu, folder, env)
            assert checked == size and invalid == len(range(0, size, 97)), (checked, invalid)
            counts = f"phieu checked {checked:,}, {invalid} invalid"
            if have_rs:
                rs_checked, rs_invalid = rs_counts([PY, "-c", rs, str(folder), str(schema)], env)
                assert rs_checked == size, f"jsonschema-rs checked {rs_checked} of {size} files"
                counts += f"; jsonschema-rs {rs_checked:,}, {rs_invalid} invalid"
            got = interleaved(commands, args.rounds)
            assert got["validate"][1] == 1, "about one in a hundred responses is invalid"
            v = got["validate"][0]
            row(
                f"`phieu validate DIR` ({size:,} responses, {megabytes:.0f} MB) ÷ bare open + `json.loads` loop",
                v / got["bare"][0],
                "≤ 2.5×",
                f"{v:.2f} s / {got['bare'][0]:.2f} s ({args.rounds} rounds; CPU {got['validate'][2]:.2f} s /"
                f" {got['bare'][2]:.2f} s)",
            )
            row(
                f"`phieu validate DIR` in one process (`PHIEU_JOBS=1`) ÷ bare loop ({size:,})",
                got["one process"][0] / got["bare"][0],
                "(not a target)",
                f"{got['one process'][0]:.2f} s / {got['bare'][0]:.2f} s (CPU {got['one process'][2]:.2f} s)",
            )
            if have_rs:
                row(
                    f"`phieu validate DIR` ÷ jsonschema-rs, whole process ({size:,})",
                    v / got["rs"][0],
                    "≤ 1.0×",
                    f"{v:.2f} s / {got['rs'][0]:.2f} s (CPU {got['rs'][2]:.2f} s; {counts})",
                )
            else:
                print(
                    f"| `phieu validate DIR` ÷ jsonschema-rs ({size:,}) | skipped | ≤ 1.0× | pip install jsonschema-rs |"
                )
            row(
                f"`phieu summary DIR` ÷ `phieu validate DIR` ({size:,})",
                got["summary"][0] / v,
                "≤ 1.3×",
                f"{got['summary'][0]:.2f} s / {v:.2f} s (CPU {got['summary'][2]:.2f} s)",
            )

        checker = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
        if Path(checker).is_file():
            folder = tmp / "returns_checker"
            folder.mkdir()
            paths = make_responses(folder, args.checker_files)
            checked, invalid = checker_counts(checker, schema, paths, env)
            assert checked == len(paths), f"check-jsonschema checked {checked} of {len(paths)} files"
            ours = phieu_counts(phieu, folder, env)
            got = interleaved(
                {
                    "checker": run([checker, "--schemafile", str(schema), *map(str, paths)]),
                    "validate": run([*phieu, "validate", "--quiet", str(folder)]),
                },
                3,
            )
            row(
                f"check-jsonschema ÷ `phieu validate DIR` ({len(paths):,} files, same schema)",
                got["checker"][0] / got["validate"][0],
                "≥ 30×",
                f"{got['checker'][0]:.2f} s / {got['validate'][0]:.2f} s (3 rounds; check-jsonschema checked"
                f" {checked:,}, {invalid} invalid; phieu {ours[0]:,}, {ours[1]} invalid)",
            )
        else:
            print(
                "| check-jsonschema ÷ `phieu validate DIR` | skipped | ≥ 30× | pip install check-jsonschema |"
            )

        fills: list[float] = []
        imports: list[float] = []
        for _ in range(max(3, args.runs // 3)):
            seconds = first_prompt_seconds(phieu, tmp, env)
            if seconds is None:
                break
            fills.append(seconds)
            imports.append(timed([PY, "-c", "import questionary"], env)[0])
        if fills:
            f, q = statistics.median(fills), statistics.median(imports)
            row(
                '`phieu fill`: start to first prompt ÷ `python -c "import questionary"`',
                f / q,
                "≤ 1.5×",
                f"{f * 1e3:.0f} ms / {q * 1e3:.0f} ms ({len(fills)} rounds)",
            )
        else:
            print("| `phieu fill` to first prompt | skipped | ≤ 1.5× | pip install pexpect |")
    if load and hasattr(os, "getloadavg"):
        end = os.getloadavg()
        print(f"\nload average at end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
