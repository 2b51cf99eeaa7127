"""Batch runs: many apps over a pool of devices, a durable SQLite store, and a cross-app summary.

`run_batch` (scheduler) takes `Job`s from the `Store`, hands each to a job function on a free
device and records the `JobResult`; `write_summary` aggregates the store into HTML, JSON, XLSX.
"""
