"""Network evidence on the simulated device, device side (issue #11): the sink every host
resolves to, and the agent's SendItems and payloads per channel, compared byte for byte with
what the sink received and with a run without the agent."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.agent.messages import SendItem
from harness.device.sim import SimDevice

from .driver import Run, run_app

pytestmark = [
    pytest.mark.sim,
    # The sender app uses the real OkHttp 3 from Debian (libs/system-jars.txt); CI installs it.
    pytest.mark.skipif(
        not Path("/usr/share/java/okhttp.jar").is_file(),
        reason="OkHttp 3 from Debian is not installed (apt-get install libokhttp-java)",
    ),
]

APPS = Path(__file__).parent / "apps"
SENDER = APPS / "sender-app"
PKG = "com.example.senderapp"
PHONE = ("android.permission.READ_PHONE_STATE",)
IMEI = "861234567890123"
ANDROID_ID = "3f8e2b7c9d104a65"
IMEI_MD5 = hashlib.md5(IMEI.encode()).hexdigest()
IMEI_SHA1 = hashlib.sha1(IMEI.encode()).hexdigest()
WIFI_MAC = "f0:5c:77:3a:9e:21"


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    dev = SimDevice(home=tmp_path_factory.mktemp("net-sim"))
    yield dev
    dev.close()


@pytest.fixture(scope="module")
def plain(device: SimDevice) -> Run:
    return run_app(device, SENDER, PKG, agent=False, done="DONE|sender", grant=PHONE)


@pytest.fixture(scope="module")
def hooked(device: SimDevice) -> Run:
    return run_app(device, SENDER, PKG, agent=True, done="DONE|sender", grant=PHONE)


def _outcomes(run: Run) -> dict[str, str]:
    return {line.split("|")[1]: line.split("|", 2)[2] for line in run.lines("SENT|")}


def test_every_host_reaches_the_sink_and_gets_its_answer(plain: Run) -> None:
    outcomes = _outcomes(plain)
    for step in ("umeng-http", "umeng-https", "pangle-okhttp", "pangle-okhttp-async", "config"):
        assert outcomes[step] == '200 {"ok":true}', (step, outcomes)
    assert outcomes["jiguang-socket"] == "written"
    assert outcomes["dns"] == "127.0.0.1"  # every name resolves to the device's loopback sink
    hosts = [(c.host, c.port, c.tls) for c in plain.connections]
    assert hosts == [
        ("alog.umeng.example", 8080, False),
        ("ulogs.umeng.example", 443, True),
        ("api-access.pangle.example", 443, True),
        ("127.0.0.1", 7000, False),  # a raw socket: the sink only knows the address
        ("config.senderapp.example", 443, True),
        ("push.jiguang.example", 5223, True),  # a TLS socket: the sink knows its SNI
        ("h5.senderapp.example", 443, True),
    ]
    form = plain.connections[0].requests[0]
    assert (form.method, form.target) == ("POST", "/app_logs")
    assert form.body == f"imei_md5={IMEI_MD5}&aid={ANDROID_ID}&note=a%20b".encode()
    report = plain.connections[2].requests[0]
    assert json.loads(gzip.decompress(report.body)) == {
        "device": {"imei": IMEI, "aid": ANDROID_ID, "os": "android"}
    }
    assert bytes(plain.connections[3].received) == f"REG {IMEI_SHA1}\n".encode()
    assert bytes(plain.connections[5].received) == f"HELLO {ANDROID_ID}\n".encode()
    page, form_post = plain.connections[6].requests
    assert (page.method, page.target) == ("GET", "/landing?from=start")
    assert ("X-Requested-With", "com.example.senderapp") in page.headers
    assert (form_post.method, form_post.body) == ("POST", f"aid={ANDROID_ID}".encode())


def test_requests_and_responses_are_byte_identical_with_the_agent(plain: Run, hooked: Run) -> None:
    assert _outcomes(hooked) == _outcomes(plain)
    assert len(hooked.connections) == len(plain.connections)
    for with_agent, without in zip(hooked.connections, plain.connections, strict=True):
        assert (with_agent.host, with_agent.port) == (without.host, without.port)
        assert bytes(with_agent.received) == bytes(without.received), with_agent.host
        assert bytes(with_agent.sent) == bytes(without.sent), with_agent.host


def _one(run: Run, channel: str, host: str) -> SendItem:
    found = [s for s in run.by_channel(channel) if s.host == host]
    assert len(found) == 1, (channel, host, [(s.channel, s.host) for s in run.sends])
    return found[0]


def test_each_channel_is_one_send_with_its_destination_and_bytes(hooked: Run) -> None:
    assert not hooked.errors, hooked.errors
    seen = [(s.channel.value, s.host, s.port, s.scheme, s.method, s.bytes) for s in hooked.sends]
    assert seen == [
        ("http", "alog.umeng.example", 8080, "http", "POST", 73),
        ("http", "ulogs.umeng.example", 443, "https", "GET", 0),
        ("okhttp", "api-access.pangle.example", 443, "https", "POST", 91),
        ("okhttp", "api-access.pangle.example", 443, "https", "GET", 0),
        ("dns", "s.jpush.example", None, "dns", "", 0),
        ("socket", "s.jpush.example", 7000, "tcp", "", 45),
        ("dns", "dns.jiguang.example", None, "dns", "", 0),
        ("http", "config.senderapp.example", 443, "https", "GET", 0),
        ("dns", "push.jiguang.example", None, "dns", "", 0),
        ("tls", "push.jiguang.example", 5223, "tls", "", 23),
        ("webview", "h5.senderapp.example", 443, "https", "GET", 0),
        ("webview", "h5.senderapp.example", 443, "https", "POST", 20),
    ]
    # HttpURLConnection's https, OkHttp's and the WebView's requests are seen once, as
    # requests: the TLS and socket writes underneath are part of them, not sends of their own;
    # the TLS socket's handshake records on its plain socket are not plaintext, not sends.


def test_payloads_are_the_bytes_the_sink_received(hooked: Run) -> None:
    sink = {(c.host, r.method, r.target): r for c in hooked.connections for r in c.requests}
    form = _one(hooked, "http", "alog.umeng.example")
    assert form.payload and not form.truncated
    body = hooked.payloads[(form.pid, form.seq)]
    assert body == sink[("alog.umeng.example", "POST", "/app_logs")].body
    okhttp = [s for s in hooked.by_channel("okhttp") if s.method == "POST"][0]
    assert hooked.payloads[(okhttp.pid, okhttp.seq)] == (
        sink[("api-access.pangle.example", "POST", "/api/ad/union/sdk/get_ads/")].body
    )
    tls = _one(hooked, "tls", "push.jiguang.example")
    assert hooked.payloads[(tls.pid, tls.seq)] == f"HELLO {ANDROID_ID}\n".encode()
    post = [s for s in hooked.by_channel("webview") if s.method == "POST"][0]
    assert hooked.payloads[(post.pid, post.seq)] == f"aid={ANDROID_ID}".encode()
    raw = _one(hooked, "socket", "s.jpush.example")
    assert hooked.payloads[(raw.pid, raw.seq)] == f"REG {IMEI_SHA1}\n".encode()
    # every payload arrived before the batch holding its SendItem
    for send in hooked.sends:
        if send.payload:
            order = hooked.order
            assert order.index(f"payload:{send.seq}") < order.index(f"send:{send.seq}")
        else:
            assert (send.pid, send.seq) not in hooked.payloads


def test_urls_and_headers_are_the_apps_own(hooked: Run) -> None:
    form = _one(hooked, "http", "alog.umeng.example")
    assert form.url == "http://alog.umeng.example:8080/app_logs"
    # getRequestProperties() is a map: the names in its order, not necessarily the app's
    headers = sorted((h.name, h.value) for h in form.headers)
    assert headers == [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Umeng-Sdk", "9.6.1"),
    ]
    config = _one(hooked, "http", "ulogs.umeng.example")
    assert config.url == "https://ulogs.umeng.example/config?d=M2Y4ZTJiN2M5ZDEwNGE2NQ=="
    post = [s for s in hooked.by_channel("okhttp") if s.method == "POST"][0]
    names = [h.name for h in post.headers]
    # OkHttp's final request: the app's headers and those OkHttp adds before sending
    assert names[:2] == ["Content-Encoding", "Content-Type"]
    assert {"Host", "User-Agent", "Accept-Encoding"} <= set(names)


SENDERS = {
    ("http", "alog.umeng.example"): "com.umeng.commonsdk.net.UmengUploader.postLog(",
    ("http", "ulogs.umeng.example"): "com.umeng.commonsdk.net.UmengUploader.fetchConfig(",
    ("okhttp", "api-access.pangle.example"): "com.bytedance.sdk.openadsdk.net.PangleReporter.",
    ("socket", "s.jpush.example"): "cn.jiguang.raw.RawChannel.register(",
    ("dns", "s.jpush.example"): "cn.jiguang.raw.RawChannel.register(",
    ("dns", "dns.jiguang.example"): "com.example.senderapp.SenderApp.",
    ("http", "config.senderapp.example"): "com.example.senderapp.ConfigFetch.flags(",
    ("dns", "push.jiguang.example"): "cn.jiguang.raw.RawChannel.hello(",
    ("tls", "push.jiguang.example"): "cn.jiguang.raw.RawChannel.hello(",
    ("webview", "h5.senderapp.example"): "com.example.senderapp.SenderApp.",
}


def test_each_send_has_the_stack_of_the_code_that_sent_it(hooked: Run) -> None:
    for send in hooked.sends:
        frames = hooked.frames(send)
        wanted = SENDERS[(send.channel.value, send.host)]
        assert any(wanted in f for f in frames), (send.channel, send.host, frames[:8])
        assert not frames[0].startswith(send.api + "("), "the hooked method's frame is dropped"
    # the asynchronous OkHttp call is sent from OkHttp's dispatcher thread, with the stack of
    # the code that enqueued it
    ping = [s for s in hooked.by_channel("okhttp") if s.method == "GET"][0]
    assert ping.thread.startswith("OkHttp ")
    assert "PangleReporter.ping(" in hooked.frames(ping)[0]
    assert all(s.thread == "sender" for s in hooked.sends if s is not ping)


def test_webview_requests_carry_the_apps_headers(hooked: Run) -> None:
    page = [s for s in hooked.by_channel("webview") if s.method == "GET"][0]
    assert page.url == "https://h5.senderapp.example/landing?from=start"
    assert [(h.name, h.value) for h in page.headers] == [
        ("X-Requested-With", "com.example.senderapp")
    ]


def test_network_interfaces_report_the_devices_mac_not_the_hosts(plain: Run, hooked: Run) -> None:
    # Every interface with a hardware address shows the device's documented Wi-Fi MAC
    # (DeviceData.WIFI_MAC), with and without the agent; loopback has none, as on the host.
    for run in (plain, hooked):
        macs = run.lines("MAC|")
        assert all(line.split("|")[2] == WIFI_MAC for line in macs), macs
    assert plain.lines("MAC|") == hooked.lines("MAC|")
    reads = [c for c in hooked.calls if c.hook_id == "networkInterface.getHardwareAddress"]
    # the read's raw value (for matching) is the device's MAC too; null reads carry none
    assert [c.values for c in reads if c.values] == [[WIFI_MAC]] * len(hooked.lines("MAC|"))


def test_the_hook_report_names_each_platform_implementation(hooked: Run) -> None:
    for wanted in (
        "net.httpURLConnection:sun.net.www.protocol.http.HttpURLConnection.getInputStream",
        "net.httpURLConnection:sun.net.www.protocol.https.HttpsURLConnectionImpl.getResponseCode",
        "net.socket.write:java.net.Socket$SocketOutputStream.write",
        "net.tls.write:sun.security.ssl.SSLSocketImpl$AppOutputStream.write",
        "net.dns.lookup:java.net.InetAddress.getAllByName",
    ):
        assert wanted in hooked.hooked, wanted
    assert not [h for h in hooked.hooked if "com.android." in h]  # Android's are not tried here
    for symbol in ("connect", "send", "sendto", "write"):
        assert f"net.native.socket:libc!{symbol}" in hooked.hooked
    # Java's traffic goes through libnio: the native hooks leave it to the Java ones
    assert not hooked.by_channel("native_socket") and not hooked.by_channel("native_tls")
