"""The cross-app summary of a batch store: SQL aggregation, then HTML, JSON and XLSX writers."""

from harness.batch.summary.write import SUMMARY_FORMATS, write_summary

__all__ = ["SUMMARY_FORMATS", "write_summary"]
