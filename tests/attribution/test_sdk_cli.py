"""`harness sdk attribute` and `harness sdk list` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness.model import Actor


def _harness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_attribute_prints_actor_json(tmp_path: Path) -> None:
    stack = tmp_path / "stack.json"
    stack.write_text(
        json.dumps(
            [
                "java.lang.reflect.Method.invoke(Method.java:568)",
                "com.tencent.smtt.sdk.QbSdk.getImei(Unknown Source)",
                "com.example.app.Main.onCreate(Main.java:9)",
            ]
        ),
        encoding="utf-8",
    )
    done = _harness("sdk", "attribute", str(stack), "--app-package", "com.example.app")
    assert done.returncode == 0, done.stderr
    actor = Actor.model_validate_json(done.stdout)
    assert (actor.kind, actor.name, actor.package) == (
        "sdk",
        "Tencent X5 / TBS",
        "com.tencent.smtt",
    )


def test_attribute_with_lab_file(tmp_path: Path) -> None:
    stack = tmp_path / "stack.json"
    stack.write_text('["com.acme.track.A.b(A.java:1)"]', encoding="utf-8")
    lab = tmp_path / "sdks.yaml"
    lab.write_text(
        "sdks:\n  - {name: ACME, vendor: ACME, prefixes: [com.acme]}\n", encoding="utf-8"
    )
    done = _harness("sdk", "attribute", str(stack), "--app-package", "x.y", "--sdk-file", str(lab))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "ACME"


def test_attribute_bad_input_exits_2_with_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('["a.b.C.d(",', encoding="utf-8")
    done = _harness("sdk", "attribute", str(broken), "--app-package", "x.y")
    assert done.returncode == 2
    assert "broken.json" in done.stderr and "not valid JSON" in done.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"frames": 3}', encoding="utf-8")
    done = _harness("sdk", "attribute", str(wrong), "--app-package", "x.y")
    assert done.returncode == 2 and "list of frame strings" in done.stderr
    done = _harness("sdk", "attribute", str(tmp_path / "absent.json"), "--app-package", "x.y")
    assert done.returncode == 2 and "absent.json" in done.stderr


def test_list_json_and_table() -> None:
    done = _harness("sdk", "list", "--json")
    assert done.returncode == 0, done.stderr
    entries = json.loads(done.stdout)
    assert any(e["name"] == "JPush" and "cn.jpush.android" in e["prefixes"] for e in entries)
    table = _harness("sdk", "list")
    assert (
        table.returncode == 0 and "JPush" in table.stdout and f"{len(entries)} SDKs" in table.stdout
    )
