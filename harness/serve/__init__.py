"""`harness serve`: a read-only web dashboard and JSON API over a batch store (issue #18).

It sits above `batch` (it reads the store `batch` writes, through a connection of its own that
the database itself keeps read-only) and below the CLI.
"""
