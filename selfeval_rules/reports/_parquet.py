"""Results for SQL: three Parquet tables in a folder, one row per form, per indicator and per finding.

`selfeval check forms/ --format parquet --output results/` writes

- `forms.parquet`: one row per form — where it came from, its project, year and department, the
  computed total (a decimal) beside the printed one, the grade, whether it scored completely, how
  many errors and warnings were found, why there is no total (`total_note`: outcomes, weights_unknown,
  weight_shares) and how many rows were met, not met and not assessable;
- `indicators.parquet`: one row per indicator — its cells, weight, printed and computed scores,
  status and outcome (met, not_met, not_assessable);
- `findings.parquet`: one row per finding — code, title, severity, JSON path and message.

`form` (the form's number in the run, from 1) joins them. Scores and amounts are
`decimal(38, 10)`: exact, never floats (a value with more than ten decimals, which no printed form
has, would be rounded half-up at the tenth). Rows are written in row groups as forms come, so a
run of any size holds at most `ROW_GROUP` forms. The CLI gives the writer a folder that only
appears, whole, when the run ends (see `selfeval_rules.io.AtomicFolder`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, BinaryIO, Protocol

import attrs

from ..batch import CheckedForm, FormFacts, Tally
from ..findings import ERROR, WARNING
from ..values._numbers import HUNDRED, round_half_up
from ._common import finding_title, score_gap
from ._stream import Context, Options, Writer

ROW_GROUP = 1000  # forms per row group
SCALE = 10
TABLES = ("forms", "indicators", "findings")


class Folder(Protocol):
    """Where the tables go: a folder that opens files by name."""

    def open(self, name: str) -> BinaryIO: ...


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    number = pa.decimal128(38, SCALE)
    return {
        "forms": pa.schema([
            ("form", pa.int64()), ("source", pa.string()), ("project", pa.string()), ("year", pa.int32()),
            ("department", pa.string()), ("implementer", pa.string()), ("policy", pa.string()),
            ("total", number), ("reported_total", number), ("difference", number), ("grade", pa.string()),
            ("reported_grade", pa.string()), ("complete", pa.bool_()), ("budget_rate", number), ("budget_score", number),
            ("budget_reported_score", number), ("errors", pa.int32()), ("warnings", pa.int32()),
            ("total_note", pa.string()), ("met", pa.int32()), ("not_met", pa.int32()), ("not_assessable", pa.int32()),
        ]),
        "indicators": pa.schema([
            ("form", pa.int64()), ("source", pa.string()), ("project", pa.string()), ("index", pa.int32()),
            ("level1", pa.string()), ("level2", pa.string()), ("name", pa.string()), ("target", pa.string()),
            ("actual", pa.string()), ("weight", number), ("reported_score", number), ("score", number),
            ("difference", number), ("status", pa.string()), ("outcome", pa.string()), ("rule", pa.string()),
        ]),
        "findings": pa.schema([
            ("form", pa.int64()), ("source", pa.string()), ("project", pa.string()), ("code", pa.string()),
            ("title", pa.string()), ("severity", pa.string()), ("path", pa.string()), ("message", pa.string()),
        ]),
    }


def _exact(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value if value.as_tuple().exponent >= -SCALE else round_half_up(value, SCALE)  # type: ignore[operator]


@attrs.frozen
class ParquetRecord:
    """A form's rows of the three tables (its `form` number is added where they are written)."""

    form: tuple[Any, ...]
    indicators: tuple[tuple[Any, ...], ...]
    findings: tuple[tuple[Any, ...], ...]


def parquet_record(checked: CheckedForm, options: Options) -> ParquetRecord:
    """A form's record for `--format parquet`."""
    lang = options.lang
    card, form = checked.card, checked.card.form
    budget = card.budget
    source, project = checked.source, form.project
    form_row = (
        source, project, form.year, form.department, form.implementer, card.policy.name,
        _exact(card.total), _exact(card.reported_total), _exact(score_gap(card.reported_total, card.total)),
        card.grade.label if card.grade else None, form.reported_grade, card.complete,
        None if budget.rate is None else _exact(round_half_up(budget.rate * HUNDRED, 2)),
        _exact(budget.score), _exact(budget.reported_score),
        sum(1 for f in checked.findings if f.severity == ERROR), sum(1 for f in checked.findings if f.severity == WARNING),
        card.total_note, *card.counts.values(),
    )
    indicators = tuple(
        (source, project, row.indicator.index, row.indicator.level1, row.indicator.level2, row.indicator.name,
         row.indicator.target, row.indicator.actual, _exact(row.indicator.weight), _exact(row.indicator.reported_score),
         _exact(row.score), _exact(score_gap(row.indicator.reported_score, row.score)), row.status, row.outcome,
         row.rule.id if row.rule else None)
        for row in card.indicators
    )
    findings = tuple(
        (source, project, f.code, finding_title(f.code, lang), f.severity, f.path, f.describe(lang)) for f in checked.findings
    )
    return ParquetRecord(form_row, indicators, findings)


class ParquetWriter(Writer):
    """Rows gathered `ROW_GROUP` forms at a time and written as a row group of each table."""

    def __init__(self, folder: Folder, context: Context) -> None:
        import pyarrow.parquet as pq

        self.schemas = _schemas()
        self.files = {name: folder.open(f"{name}.parquet") for name in TABLES}
        self.writers = {name: pq.ParquetWriter(self.files[name], self.schemas[name]) for name in TABLES}
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
        self.count = 0
        self.pending = 0

    def form(self, facts: FormFacts, record: Any) -> None:
        self.count += 1
        number = self.count
        self.rows["forms"].append((number, *record.form))
        self.rows["indicators"].extend((number, *row) for row in record.indicators)
        self.rows["findings"].extend((number, *row) for row in record.findings)
        self.pending += 1
        if self.pending >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        for name in TABLES:
            schema = self.schemas[name]
            rows = self.rows[name]
            columns = list(zip(*rows)) if rows else [()] * len(schema)
            table = pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema)], schema=schema)
            self.writers[name].write_table(table)
            rows.clear()
        self.pending = 0

    def discard(self) -> None:
        for name in TABLES:
            self.files[name].close()

    def close(self, tally: Tally) -> None:
        if self.pending or not self.count:
            self._flush()
        for name in TABLES:
            self.writers[name].close()
            self.files[name].close()
