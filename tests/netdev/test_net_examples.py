"""The example apps' transmissions (issue #11), as the agent sees them on the simulated device:
the ad SDK sends the IMEI's MD5 and the ANDROID_ID before the app asks for consent, the push
SDK registers the device id from its :push process, good-news fetches a config that carries
nothing personal. Also the raw values reads carry for matching (CallItem.values)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.device.sim import SimDevice

from .driver import Run, run_app

pytestmark = pytest.mark.sim

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "apps"
IMEI = "861234567890123"
ANDROID_ID = "3f8e2b7c9d104a65"
PHONE = ("android.permission.READ_PHONE_STATE",)


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    dev = SimDevice(home=tmp_path_factory.mktemp("net-examples"))
    yield dev
    dev.close()


@pytest.fixture(scope="module")
def ad(device: SimDevice) -> Run:
    return run_app(
        device,
        EXAMPLES / "ad-sdk-app",
        "com.example.adsdkapp",
        agent=True,
        done="ad request: HTTP 200",
        grant=PHONE,
    )


def test_ad_sdk_sends_the_imei_md5_and_android_id(ad: Run) -> None:
    (send,) = ad.by_channel("http")
    assert (send.host, send.port, send.scheme, send.method) == (
        "mi.gdt.qq.example",
        443,
        "https",
        "POST",
    )
    assert send.url == "https://mi.gdt.qq.example/gdt_mview.fcg"
    body = ad.payloads[(send.pid, send.seq)]
    md5 = hashlib.md5(IMEI.encode()).hexdigest()
    assert body == f"muidtype=1&muid={md5}&aid={ANDROID_ID}&os=android".encode()
    assert send.bytes == len(body) and not send.truncated
    assert send.thread == "GDT_NET" and send.process == "com.example.adsdkapp"
    frames = ad.frames(send)
    assert any(f.startswith("com.qq.e.comm.net.AdReporter.report(") for f in frames), frames
    # the sink answered, and got exactly those bytes
    (exchange,) = [r for c in ad.connections for r in c.requests]
    assert exchange.body == body


def test_reads_carry_their_raw_values_for_matching(ad: Run) -> None:
    assert not ad.errors, [getattr(e, "detail", e) for e in ad.errors]
    assert ad.call("telephony.getDeviceId").values == [IMEI]
    assert ad.call("settings.secure.getString").values == [ANDROID_ID]
    assert ad.call("wifiInfo.getMacAddress").values == ["02:00:00:00:00:00"]
    apps = ad.call("appPackageManager.getInstalledPackages").values
    assert "com.tencent.mm" in apps and "com.eg.android.AlipayGphone" in apps
    assert len(apps) <= 64 and all(len(v) <= 4096 for v in apps)
    # masked in the summary, raw in values: the controller keeps values in memory only
    assert IMEI not in (ad.call("telephony.getDeviceId").ret or "")


def test_push_sdk_registers_from_its_push_process(device: SimDevice) -> None:
    run = run_app(
        device,
        EXAMPLES / "push-app",
        "com.example.pushapp",
        agent=True,
        done="registered: HTTP 200",
        grant=PHONE,
    )
    (send,) = [s for s in run.by_channel("http") if s.host == "tsis.jpush.example"]
    assert send.process == "com.example.pushapp:push"
    assert (send.port, send.scheme, send.method) == (443, "https", "POST")
    assert run.payloads[(send.pid, send.seq)] == f'{{"imei":"{IMEI}","platform":"a"}}'.encode()
    assert any("cn.jpush.android.service.RegisterClient" in f for f in run.frames(send))


def test_good_news_fetches_a_config_with_nothing_personal(device: SimDevice) -> None:
    run = run_app(
        device,
        EXAMPLES / "good-news",
        "com.example.goodnews",
        agent=True,
        done="remote config: HTTP 200",
    )
    (send,) = run.by_channel("http")
    assert send.url == "https://config.goodnews.example/v1/app-config?ver=1.2.0"
    assert (send.method, send.bytes, send.payload) == ("GET", 0, False)
    assert not run.calls  # and it read nothing before consent
