"""`python -m harness.batch.summary.apart RUNDIR OUT_DIR FORMAT`: one summary file written in a
process of its own (see `harness.batch.summary.write`).

A plain child interpreter rather than multiprocessing: spawn re-runs the caller's main module
(a script without a `__main__` guard breaks), fork copies a caller's threads and connections.
A bad store is one line on stderr and exit status 2; anything else a traceback, whose last
line the parent raises as its own error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from harness.errors import ConfigError


def main(argv: list[str]) -> int:
    from harness.batch.summary.write import write_formats

    rundir, out_dir, fmt = argv
    try:
        write_formats(Path(rundir), (fmt,), Path(out_dir))
    except ConfigError as exc:
        print(str(exc)[:2000], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
