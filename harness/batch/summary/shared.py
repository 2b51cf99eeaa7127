"""The grouped read (`SummaryQuery.grouped`) passed from `harness summary` to the workbook's child
process, so that the store's most expensive aggregation is done once, not once per process.

The payload is pickled plain tuples and lists of str and int (no class of ours: unpickling
slotted dataclasses runs Python code per object, about 0.9 s at 100,000 apps against 0.1 s for
tuples). It travels only over the pipe between the two processes of one `harness summary`,
written by the parent from its own read of the store, never from a file or the network, which
is what makes pickle acceptable here. An empty payload (the parent failed before sending it)
makes the child read the store itself.
"""

from __future__ import annotations

import dataclasses
import pickle

from harness.batch.summary.query import Grouped, SdkRow, SummaryQuery, _Totals

GROUPED_ON_STDIN = "--grouped-on-stdin"  # the child's flag (`harness.batch.summary.apart`)
_ROW = tuple(f.name for f in dataclasses.fields(SdkRow))
_TOTALS = tuple(f.name for f in dataclasses.fields(_Totals))


def dump(query: SummaryQuery) -> bytes:
    """The query's grouped read (done now if it was not yet), as bytes for `load`."""
    rows, totals = query.grouped()
    plain_rows = [tuple(getattr(row, name) for name in _ROW) for row in rows]
    plain_totals = tuple(getattr(totals, name) for name in _TOTALS)
    return pickle.dumps((_ROW, _TOTALS, plain_rows, plain_totals), protocol=pickle.HIGHEST_PROTOCOL)


def load(payload: bytes) -> Grouped:
    """The grouped read from `dump`'s bytes (of the same build: the field names must match)."""
    row_names, totals_names, plain_rows, plain_totals = pickle.loads(payload)  # noqa: S301
    if tuple(row_names) != _ROW or tuple(totals_names) != _TOTALS:
        raise ValueError("the summary's parent process sent another build's per-SDK rows")
    return [SdkRow(*row) for row in plain_rows], _Totals(*plain_totals)
