"""`harness run` on the simulated device stores each transmission as a SendEvent in
events.jsonl, with its destination, size and the stack of the code that sent it (issue #11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.sim import SimDevice
from harness.model import SendEvent
from harness.run.config import RunConfig
from harness.run.eventlog import read_events
from harness.run.protocol import run_app

pytestmark = [
    pytest.mark.sim,
    # The sender app uses the real OkHttp 3 from Debian (libs/system-jars.txt); CI installs it.
    pytest.mark.skipif(
        not Path("/usr/share/java/okhttp.jar").is_file(),
        reason="OkHttp 3 from Debian is not installed (apt-get install libokhttp-java)",
    ),
]

SENDER = Path(__file__).parent / "apps" / "sender-app"


def test_sends_are_stored_with_destination_size_and_stack(tmp_path: Path) -> None:
    device = SimDevice(home=tmp_path / "home")
    try:
        config = RunConfig(
            target=str(SENDER),
            out=tmp_path / "run",
            window=3.0,
            background_window=0.5,
            dialog_timeout=30.0,
        )
        report = run_app(config, device=device)
        assert report.status == "completed", report.problems
        assert device.processes("com.example.senderapp") == []
    finally:
        device.close()
    sends = [e for e in read_events(tmp_path / "run" / "events.jsonl") if isinstance(e, SendEvent)]
    seen = {(s.channel.value, s.host, s.port, s.scheme, s.method, s.bytes) for s in sends}
    for wanted in (
        ("http", "alog.umeng.example", 8080, "http", "POST", 73),
        ("okhttp", "api-access.pangle.example", 443, "https", "POST", 91),
        ("socket", "s.jpush.example", 7000, "tcp", "", 45),
        ("tls", "push.jiguang.example", 5223, "tls", "", 23),
        ("dns", "dns.jiguang.example", None, "dns", "", 0),
    ):
        assert wanted in seen, (wanted, sorted(seen, key=str))
    for send in sends:
        assert send.stack, send
        assert send.process == "com.example.senderapp" and send.thread
    okhttp = [s for s in sends if s.channel.value == "okhttp" and s.method == "POST"][0]
    assert any("com.bytedance.sdk.openadsdk.net.PangleReporter.report(" in f for f in okhttp.stack)
    # the raw URL and headers stay in memory: the stored form has neither (the controller
    # stores the path with its query values masked: SendEvent.path)
    text = (tmp_path / "run" / "events.jsonl").read_text(encoding="utf-8")
    assert '"url":' not in text and '"headers":' not in text and "X-Umeng-Sdk" not in text
    assert '"path":"/config?d=M2*******************Q=="' in text
