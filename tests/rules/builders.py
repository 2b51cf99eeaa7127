"""Event builders for rule tests: real pydantic events with per-process seq numbering."""

from __future__ import annotations

from harness.model import (
    CallEvent,
    Category,
    Channel,
    MarkerEvent,
    ProcessEvent,
    SendEvent,
    SentValue,
)

APP = "com.example.shop"
T0 = 1_700_000_000_000.0  # the app was resumed here (device ms)
SDK_STACK = [
    "com.qq.e.comm.DeviceStatus.getDeviceId(Unknown Source)",
    "java.lang.Thread.run(Thread.java:1)",
]
APP_STACK = [f"{APP}.MainActivity.onCreate(MainActivity.java:12)"]


class Stream:
    """Builds one run's events; seq counts per process, as the agent numbers them."""

    def __init__(self) -> None:
        self.events: list[CallEvent | MarkerEvent | ProcessEvent | SendEvent] = []
        self._seq: dict[int, int] = {}

    def _next(self, pid: int) -> int:
        self._seq[pid] = self._seq.get(pid, 0) + 1
        return self._seq[pid]

    def call(
        self,
        at_s: float,
        *,
        pid: int = 100,
        process: str = APP,
        category: Category = Category.device_id,
        api: str = "android.telephony.TelephonyManager.getDeviceId",
        stack: list[str] | None = None,
        ret: str | None = "86******12",
        denied: bool = False,
    ) -> CallEvent:
        event = CallEvent(
            seq=self._next(pid),
            ts=T0 + at_s * 1000,
            pid=pid,
            process=process,
            api=api,
            category=category,
            stack=list(SDK_STACK if stack is None else stack),
            ret=ret,
            denied=denied,
            threw="java.lang.SecurityException: no READ_PHONE_STATE" if denied else None,
        )
        self.events.append(event)
        return event

    def send(
        self,
        at_s: float,
        *,
        read: CallEvent | None = None,
        encoding: str = "md5",
        pid: int = 100,
        process: str = APP,
        host: str = "ads.example.com",
        channel: Channel = Channel.okhttp,
        stack: list[str] | None = None,
        size: int = 512,
    ) -> SendEvent:
        """A stored send; `read`: the call whose value it carried (None: nothing matched)."""
        values = []
        if read is not None:
            values.append(
                SentValue(
                    data=read.category,
                    masked="86**********123",
                    encoding=encoding,
                    where="body",
                    read_seq=read.seq,
                    read_pid=read.pid,
                    read_api=read.api,
                )
            )
        event = SendEvent(
            seq=self._next(pid),
            ts=T0 + at_s * 1000,
            pid=pid,
            process=process,
            api="okhttp3.RealCall.execute",
            channel=channel,
            host=host,
            port=443,
            scheme="https",
            method="POST",
            path="/v2/report",
            bytes=size,
            stack=list(SDK_STACK if stack is None else stack),
            values=values,
            excerpt='{"did":"e5***16d"}' if values else "",
        )
        self.events.append(event)
        return event

    def mark(self, at_s: float, name: str, *, pids: dict[int, str] | None = None) -> None:
        """One controller action: a copy in each listed process (default: the main process),
        a millisecond apart, as the agent RPC delivers them."""
        for i, (pid, process) in enumerate((pids or {100: APP}).items()):
            self.events.append(
                MarkerEvent(
                    seq=self._next(pid),
                    ts=T0 + at_s * 1000 + i,
                    pid=pid,
                    process=process,
                    name=name,
                )
            )
