"""`python -m harness.batch.summary.apart RUNDIR OUT_DIR FORMAT [--grouped-on-stdin]`: one
summary file written in a process of its own (see `harness.batch.summary.write`).

A plain child interpreter rather than multiprocessing: spawn re-runs the caller's main module
(a script without a `__main__` guard breaks), fork copies a caller's threads and connections.
With `--grouped-on-stdin` the grouped read comes from the parent over stdin
(`harness.batch.summary.shared`), drained by a thread from the start, so that the parent's
write never waits on this process's main thread (a daemon: a failing child exits without
waiting for the parent to close the pipe). A bad store is one line on stderr and exit status
2; anything else a traceback, whose last line the parent raises as its own error.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from harness.batch.summary.shared import GROUPED_ON_STDIN
from harness.errors import ConfigError


def drained(stream: IO[bytes]) -> Callable[[], bytes]:
    """Starts reading `stream` to its end in a daemon thread; the function returned waits
    for and returns what was read."""
    box: list[bytes] = []
    thread = threading.Thread(target=lambda: box.append(stream.read()), daemon=True)
    thread.start()

    def result() -> bytes:
        thread.join()
        return box[0] if box else b""  # a failed read: the store is read instead

    return result


def main(argv: list[str]) -> int:
    from harness.batch.summary.write import write_formats

    on_stdin = GROUPED_ON_STDIN in argv
    rundir, out_dir, fmt = (a for a in argv if a != GROUPED_ON_STDIN)
    payload = drained(sys.stdin.buffer) if on_stdin else None
    try:
        write_formats(Path(rundir), (fmt,), Path(out_dir), grouped_payload=payload)
    except ConfigError as exc:
        print(str(exc)[:2000], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
