"""A run as a stream: each form checked and let go, its facts summed up as forms go by, the work
done in other processes and handed back in input order, byte for byte."""

from __future__ import annotations

import gc
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval_rules import load_policy
from selfeval_rules.batch import (
    BadFile,
    Checked,
    FormFacts,
    InProcess,
    PolicySource,
    Processes,
    Tally,
    Task,
    check_files,
    check_item,
    run,
)
from selfeval_rules.errors import FormError, Problem
from selfeval_rules.io import Unusable, form_files
from selfeval_rules.reports import FORMATS, Options
from selfeval_rules.scoring import Scorecard

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
SEEDS = sorted((HERE.parent / "examples" / "forms").glob("*.yaml"))


def jsonl_task(policy: object) -> Task:
    return Task.make(policy, FORMATS["jsonl"].recorder(Options()))  # type: ignore[arg-type]


# --- the summary, summed up as forms go by --------------------------------------------------------


def test_a_tally_sums_up_a_run_as_a_batch_held_in_memory_does() -> None:
    policy = load_policy("central-2020")
    batch = check_files([FIXTURES, *SEEDS], policy)
    tally = Tally()
    for outcome in run(form_files([FIXTURES, *SEEDS]), jsonl_task(policy)):
        assert isinstance(outcome, Checked)
        tally.add(outcome.facts)
    assert tally.summary() == batch.summary()
    assert tally.findings_at_or_above("warning") == batch.findings_at_or_above("warning") > tally.findings_at_or_above("error") > 0


def test_the_largest_differences_are_kept_without_keeping_the_forms() -> None:
    tally = Tally(largest=2)
    for number, (reported, source) in enumerate([("91", "c"), ("95", "b"), ("95", "a"), ("90.5", "d")]):
        tally.add(FormFacts(source, f"项目{number}", Decimal(90), True, (), Decimal(reported)))
    # gaps 1, 5, 5, 0.5: the two largest, ties by source; each knows its form's number in the run
    assert [(d.source, d.gap, d.number) for d in tally.summary().largest_differences] == [("a", 5, 3), ("b", 5, 2)]
    assert len(tally._differences) == 2


def test_an_incomplete_form_or_one_without_a_printed_total_is_no_difference() -> None:
    assert FormFacts("a", "甲", Decimal(90), False, (), Decimal(95)).difference() is None
    assert FormFacts("a", "甲", Decimal(90), True, (), None).difference() is None


# --- one form at a time -------------------------------------------------------------------------


def test_a_run_keeps_no_scorecard_alive(tmp_path: Path) -> None:
    # Peak memory must not grow with the number of forms: nothing of a checked form but its facts
    # and record outlives it.
    for i in range(40):
        shutil.copy(SEEDS[i % 2], tmp_path / f"f{i:02d}.yaml")
    policy = load_policy("central-2020")
    alive = []
    for outcome in run(form_files([tmp_path]), jsonl_task(policy)):
        gc.collect()
        alive.append(sum(1 for o in gc.get_objects() if isinstance(o, Scorecard)))
        del outcome
    assert max(alive) <= 1


@pytest.mark.parametrize("lead", [b"", b"x"])
def test_a_gb18030_text_form_longer_than_the_sniffed_head_is_found_in_a_folder(tmp_path: Path, lead: bytes) -> None:
    # a folder's .txt files are taken as forms when their first 64 KB name a form's words; with one
    # byte in front, the 64 KB cut splits a two-byte character, which must not hide the form
    body = ("项目名称 绩效指标 预算执行 " * 6000).encode("gb18030")
    assert len(body) > 65536
    (tmp_path / "form.txt").write_bytes(lead + body)
    (tmp_path / "notes.txt").write_bytes("会议纪要，与此无关。".encode("gb18030"))
    assert [path.name for path in form_files([tmp_path])] == ["form.txt"]


def test_an_unusable_input_is_handed_on_in_its_place() -> None:
    policy = load_policy("central-2020")
    unusable = Unusable("export.csv:7", FormError("export.csv", [Problem("$.project", "没有项目名称", 7, 1, "export.csv")]))
    outcomes = list(run([SEEDS[0], unusable, SEEDS[1]], jsonl_task(policy)))
    assert [type(o).__name__ for o in outcomes] == ["Checked", "BadFile", "Checked"]
    bad = outcomes[1]
    assert isinstance(bad, BadFile) and bad.error.problems[0].located(bad.error.source) == "export.csv:7:1: $.project: 没有项目名称"


def test_a_form_that_breaks_the_checker_is_reported_against_that_form(monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.batch._run as batch_run

    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(batch_run, "review", broken)
    [bad] = check_item(SEEDS[0], load_policy("central-2020"))
    assert isinstance(bad, BadFile) and bad.internal
    assert bad.error.problems[0].message.startswith("内部错误（ZeroDivisionError: division by zero）")


def test_unusable_files_and_their_problems_cross_process_boundaries() -> None:
    [bad] = check_item(FIXTURES / "no-such-file.yaml", load_policy("central-2020"))
    assert isinstance(bad, BadFile)
    again = pickle.loads(pickle.dumps(bad))
    assert (again.source, type(again.error), again.error.problems) == (bad.source, type(bad.error), bad.error.problems)


# --- other processes ----------------------------------------------------------------------------


def test_a_policy_travels_as_its_source_and_compiles_to_the_same_scores() -> None:
    policy = load_policy("beijing")
    source = pickle.loads(pickle.dumps(PolicySource.of(policy)))
    assert source.digest == PolicySource.of(load_policy("beijing")).digest
    compiled = source.compile()
    task = Task.make(policy, FORMATS["json"].recorder(Options()))
    elsewhere = pickle.loads(pickle.dumps(task))
    assert elsewhere.loaded is None and elsewhere.policy() is elsewhere.policy()  # compiled once per process
    assert (compiled.name, compiled.version) == (policy.name, policy.version)
    assert [o.record for o in elsewhere([*SEEDS])] == [o.record for o in task([*SEEDS])]  # type: ignore[union-attr]


def test_two_worker_processes_give_the_same_records_in_the_same_order() -> None:
    policy = load_policy("central-2020")
    files = form_files([FIXTURES, *SEEDS]) * 2
    here = [(type(o).__name__, getattr(o, "record", None)) for o in run(files, jsonl_task(policy), InProcess())]
    pool = Processes(2)
    try:
        there = [(type(o).__name__, getattr(o, "record", None)) for o in run(files, jsonl_task(policy), pool, chunk_size=3)]
    finally:
        pool.close()
    assert there == here and len(here) == len(files)
