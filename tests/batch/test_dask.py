"""On a Dask cluster (`--scheduler local:N`, `selfeval_rules.dask`): a LocalCluster of two worker
processes checks the forms and the JSON lines come back in input order, byte for byte those of
`--jobs 1`. One cluster serves the module: starting one takes seconds."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

from selfeval_rules import load_policy
from selfeval_rules.cli import main
from selfeval_rules.io import form_files

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
SEEDS = sorted((HERE.parent / "examples" / "forms").glob("*.yaml"))


def check(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


def test_the_command_line_on_a_local_cluster_of_two_processes_writes_what_jobs_1_writes(tmp_path: Path) -> None:
    shutil.copy(SEEDS[0], tmp_path / "zz-seed.yaml")
    (tmp_path / "bad.yaml").write_text("project: [不是文字]\nindicators: []\n", encoding="utf-8")
    one = check(str(FIXTURES), str(tmp_path), "--format", "jsonl", "--jobs", "1")
    local = check(str(FIXTURES), str(tmp_path), "--format", "jsonl", "--scheduler", "local:2")
    assert local == one
    assert one[0] == 2 and len(one[1].splitlines()) == len(form_files([FIXTURES])) + 1


def test_a_bag_of_paths_checked_on_the_cluster_writes_what_jobs_1_writes(cluster: object, tmp_path: Path) -> None:
    import dask.bag as db

    from selfeval_rules.dask import check_paths, write_report

    paths = [str(p) for p in form_files([FIXTURES, *SEEDS])]
    policy = load_policy("central-2020")
    summary = write_report(check_paths(db.from_sequence(paths, npartitions=5), policy), tmp_path / "r.jsonl", policy)
    status, expected, _ = check(*paths, "--format", "jsonl", "--jobs", "1")
    assert (tmp_path / "r.jsonl").read_text(encoding="utf-8") == expected
    assert summary.forms_read == len(paths) and status == 1


def test_a_dataframe_of_rows_is_grouped_by_project_across_partitions(cluster: object, tmp_path: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from selfeval_rules.dask import check_rows, write_report

    rows = pd.DataFrame({
        "项目名称": ["甲", "乙", "甲", "丙", "乙", "甲"],
        "三级指标": ["人数", "场次", "满意度", "覆盖率", "满意度", "时效"],
        "年度指标值": ["≥45人", "≥12场", "≥90%", "≥80%", "≥90%", "2023年6月底前"],
        "实际完成值": ["45人", "9场", "95%", "85%", "92%", "2023年5月"],
        "分值": ["30", "45", "30", "90", "45", "30"],
        "得分": ["30", "45", "30", "90", "45", "30"],
    })
    frame = dd.from_pandas(rows, npartitions=3)  # 甲's rows lie in all three partitions
    policy = load_policy("central-2020")
    write_report(check_rows(frame, policy, source="export.csv"), tmp_path / "r.jsonl", policy)
    csv = tmp_path / "export.csv"
    rows.to_csv(csv, index=False)
    documents = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(line) for line in check(str(csv), "--flat", "--format", "jsonl")[1].splitlines()]
    assert [(d["project"], d["source"]) for d in documents] == [("甲", "export.csv:1"), ("乙", "export.csv:2"), ("丙", "export.csv:4")]
    # the same forms, scored the same, as `selfeval check export.csv --flat` (whose rows count the header as row 1)
    assert [{**d, "source": None} for d in documents] == [{**d, "source": None} for d in expected]
