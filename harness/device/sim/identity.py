"""The simulated device's own identifiers: the values evidence files are scrubbed of.

They are the identifying values of `com.android.internal.sim.DeviceData` (sim/framework, also
documented in docs/sim-framework.md), named as there; `tests/sim/test_sim_identity.py` keeps
this table and that class in step. Values that identify nothing on their own (the operator code,
`cn`, the hidden MAC `02:00:00:00:00:00` every Android 6+ device reports) are left out: masking
them would hide ordinary text.
"""

from __future__ import annotations

IDENTIFIERS: dict[str, str] = {
    "IMEI_SLOT0": "861234567890123",
    "IMEI_SLOT1": "861234567890135",
    "MEID": "A0000049876543",
    "IMSI": "460001234567890",
    "ICCID": "89860012345678901234",
    "LINE1_NUMBER": "+8613800138000",
    "VOICE_MAIL_NUMBER": "+8613800138001",
    "ANDROID_ID": "3f8e2b7c9d104a65",
    "SERIAL": "SIM0123456789",
    "WIFI_MAC": "f0:5c:77:3a:9e:21",
    "SSID": '"LabWiFi"',
    "BSSID": "a4:5e:60:12:34:56",
}

# `Build.FINGERPRINT` of the simulated framework (sim/framework/android/os/Build.java).
FINGERPRINT = "google/flame/flame:10/QQ3A.200805.001/6578210:user/release-keys"
