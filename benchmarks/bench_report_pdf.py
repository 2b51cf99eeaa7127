"""Time to render report.html and report.pdf for a run of 10,000 calls.

The run is synthetic but shaped like a real one: 40 SDK-like actors over 12 data categories,
most calls in the first seconds (start-up), a consent dialog, an acceptance and a background
window, every call with a 20-frame stack. report.html is rendered in-process (jinja2); the PDF
is printed by headless Chromium (`harness report pdf`), so its time includes the browser's start.

usage: python benchmarks/bench_report_pdf.py [--calls 10000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from harness.attribution import Attributor, load_sdk_db
from harness.model import CallEvent, Category, MarkerEvent
from harness.report.html import render_html
from harness.report.model import ConsentOutcome, DeviceSummary, MarkerRecord, RunReport, TargetInfo
from harness.report.pdf import write_pdf
from harness.report.write import write_reports
from harness.rules import evaluate
from harness.settings import FrequencyLimit, ProtocolSettings

APP = "com.example.bench"
T0 = 1_700_000_000_000.0
MARKS = (("consent_dialog_shown", 1.2), ("consent_accepted", 15.0), ("app_background", 25.0))


def synthetic_run(calls: int, seed: int = 13) -> tuple[RunReport, list[CallEvent | MarkerEvent]]:
    rng = random.Random(seed)
    actors = [f"com.vendor{i}.sdk" for i in range(40)]
    categories = list(Category)[:12]
    events: list[CallEvent | MarkerEvent] = []
    for n in range(calls):
        at = rng.expovariate(1 / 1.5) if rng.random() < 0.8 else rng.uniform(0, 35)
        actor = actors[min(int(rng.expovariate(1 / 6)), len(actors) - 1)]
        stack = [f"{actor}.C{k}.m{k}(Unknown Source)" for k in range(10)] + [
            f"android.os.Handler.dispatch{k}(Handler.java:{k})" for k in range(10)
        ]
        events.append(
            CallEvent(
                seq=n + 1,
                ts=T0 + min(at, 35) * 1000,
                pid=100,
                process=APP,
                thread="main",
                api=f"android.telephony.TelephonyManager.get{n % 7}",
                category=rng.choice(categories),
                stack=stack,
                ret="86**********123",
            )
        )
    for i, (name, at) in enumerate(MARKS):
        events.append(
            MarkerEvent(seq=calls + i + 1, ts=T0 + at * 1000, pid=100, process=APP, name=name)
        )
    attributor = Attributor(load_sdk_db(), APP)
    findings = evaluate(
        events,
        attributor=attributor,
        resumed_at_ts=T0,
        frequency=FrequencyLimit(),
        consent_outcome="accepted",
    )
    report = RunReport(
        tool_version="bench",
        status="completed",
        target=TargetInfo(package=APP, source="bench"),
        device=DeviceSummary(name="sim", kind="sim"),
        settings=ProtocolSettings().model_dump(mode="json"),
        started_at="2023-11-14T22:13:19.000+00:00",
        ended_at="2023-11-14T22:14:00.000+00:00",
        resumed_at_ts=T0,
        observed_s=35.0,
        consent=ConsentOutcome(
            mode="accept",
            dialog_detected=True,
            outcome="accepted",
            markers=[MarkerRecord(name=n, ts=T0 + s * 1000, offset_s=s) for n, s in MARKS],
        ),
        findings=findings,
        event_count=calls,
    )
    return report, events


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the browser, once it has exited
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep the run folder here")
    args = parser.parse_args()
    report, events = synthetic_run(args.calls)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    write_reports(report, events, folder)
    html_times, pdf_times, html_cpu, pdf_cpu = [], [], [], []
    size = 0
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        size = len(render_html(report, events).encode("utf-8"))
        html_times.append(time.perf_counter() - start)
        html_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        write_pdf(report, events, folder, folder / "report.pdf")
        pdf_times.append(time.perf_counter() - start)
        pdf_cpu.append(time.process_time() + _children_cpu() - cpu)
    pdf_size = (folder / "report.pdf").stat().st_size
    print(f"run: {args.calls} calls, {len(report.findings)} findings ({folder})")
    print(
        f"report.html: median {statistics.median(html_times):.2f} s "
        f"(min {min(html_times):.2f}, max {max(html_times):.2f}), "
        f"CPU {statistics.median(html_cpu):.2f} s, {size / 1e6:.2f} MB"
    )
    print(
        f"report.pdf:  median {statistics.median(pdf_times):.2f} s "
        f"(min {min(pdf_times):.2f}, max {max(pdf_times):.2f}), "
        f"CPU {statistics.median(pdf_cpu):.2f} s with the browser's, {pdf_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
