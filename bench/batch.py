"""Benchmark: `selfeval check` end to end on a folder of YAML forms — forms per second by `--jobs`,
CPU per form against merely reading the same files with libyaml, and peak memory.

Run from the repository root with the package installed:

    python bench/batch.py                      # 2,000 forms, --jobs 1 and 2, and --scheduler local:2
    python bench/batch.py --forms 500 2000     # peak memory at two sizes (it should not grow)
    python bench/batch.py --jobs 1 2 --no-dask --format jsonl json csv

The forms are the finding fixtures and the two seed forms, copied over and over with a serial number
in the project's name, so that every form is read, scored and reviewed in full (no cache can answer
for a copy). Each run is a fresh `python -m selfeval_rules check DIR --format F -o FILE` process
whose CPU (its own and its workers') and peak resident memory come from wait4(2); the libyaml figure
is a process that reads every file with `yaml.load(…, CSafeLoader)` and nothing more. Timings on a
shared machine vary: the CPU figures are the steady ones, wall time is what a user waits. With
`--jobs N` > 1 the workers are children of multiprocessing's forkserver, which wait4 does not see:
CPU and peak memory are then the main process's (the one that writes the report).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "fixtures" / "findings").glob("*.yaml")) + sorted((ROOT / "examples" / "forms").glob("*.yaml"))

READ_WITH_LIBYAML = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
STARTUP = "import yaml"


def make_corpus(folder: Path, count: int) -> Path:
    """`count` forms in `folder`, each a fixture or seed with a serial number in its project name."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    for number in range(count):
        text = texts[number % len(texts)].replace("project: ", f"project: 第{number:05d}号 ", 1)
        (folder / f"form{number:05d}.yaml").write_text(text, encoding="utf-8")
    return folder


def measure(argv: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the process and the children it waited for, peak RSS in KB, status)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


def check(folder: Path, output: Path, fmt: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "selfeval_rules", "check", str(folder), "--format", fmt, "--output", str(output),
            "--force", "--fail-on", "never", *extra]


def best(runs: int, argv: list[str]) -> tuple[float, float, int, int]:
    """The fastest of `runs` runs (the least disturbed by whatever else the machine does)."""
    return min((measure(argv) for _ in range(runs)), key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, nargs="+", default=[2000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--format", nargs="+", default=["jsonl"], dest="formats")
    parser.add_argument("--no-dask", action="store_true", help="skip --scheduler local:N")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the fastest is shown")
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
    scratch = Path(tempfile.mkdtemp(prefix="selfeval-bench-"))
    try:
        empty = make_corpus(scratch / "one", 1)
        _, start_cpu, start_rss, _ = best(args.runs, check(empty, scratch / "one.out", "jsonl", "--jobs", "1"))
        _, python_cpu, _, _ = best(args.runs, [sys.executable, "-c", STARTUP])
        print(f"startup: selfeval check of 1 form {start_cpu:.2f} s CPU, {start_rss / 1024:.0f} MB; python + yaml {python_cpu:.2f} s CPU")
        for count in args.forms:
            folder = make_corpus(scratch / f"forms{count}", count)
            _, yaml_cpu, _, _ = best(args.runs, [sys.executable, "-c", READ_WITH_LIBYAML, str(folder)])
            read = yaml_cpu - python_cpu
            print(f"\n{count} forms; reading them with libyaml: {yaml_cpu:.2f} s CPU ({read / count * 1000:.2f} ms a form after startup)")
            for fmt in args.formats:
                output = scratch / f"out.{fmt}"
                runs = [(f"--jobs {jobs}", ["--jobs", str(jobs)]) for jobs in args.jobs]
                if not args.no_dask:
                    runs.append(("--scheduler local:2", ["--scheduler", "local:2"]))
                for label, extra in runs:
                    wall, cpu, rss, status = best(args.runs, check(folder, output, fmt, *extra))
                    # wait4 counts the children a process waited for: --jobs workers are the forkserver's, so
                    # for --jobs N > 1 the CPU and memory are the main process's (which holds the report).
                    whose = "" if extra == ["--jobs", "1"] else " (main process)"
                    line = (f"  --format {fmt:<8} {label:<20} {count / wall:8.0f} forms/s  wall {wall:6.2f} s"
                            f"  CPU{whose} {cpu:6.2f} s  peak RSS{whose} {rss / 1024:6.0f} MB  (status {status})")
                    if extra == ["--jobs", "1"]:
                        marginal = (cpu - start_cpu) / count
                        line += (f"\n{'':33}CPU {cpu / yaml_cpu:.1f}× libyaml's; after startup "
                                 f"{marginal * 1000:.2f} ms a form, {marginal * count / read:.1f}× reading it")
                    print(line)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
