"""The data category of a device identifier known before the run, told by its shape.

`Device.identifiers()` gives the device's documented identifiers (IMEI, IMSI, ICCID, MACs, ...)
as plain values, for scrubbing. The matcher looks for them in every request from the first one,
so that a send is found even when the read that returned the value arrives later, from another
process, or was never hooked. A send that carries one is reported with the category of the
earliest read of the value when one precedes it; otherwise with the category its shape gives here.
"""

from __future__ import annotations

import re

from harness.model import Category

# Mobile country codes that start the IMSIs of the markets the harness is used for (China,
# Hong Kong, Taiwan, the US, the EU's largest, Japan, Korea, India, Russia): a 15-digit value
# starting with one is an IMSI, any other 15-digit value an IMEI.
IMSI_MCCS = frozenset(
    "460 461 454 455 466 310 311 312 313 314 315 316 234 235 262 208 222 214 440 441 450 "
    "404 405 250".split()
)

# (pattern, category), the first that matches wins; anything else is a serial number.
SHAPES: list[tuple[re.Pattern[str], Category]] = [
    (re.compile(r"(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}"), Category.mac_address),
    (re.compile(r'".*"'), Category.wifi_info),  # an SSID, quoted as Android returns it
    (re.compile(r"\+[0-9 ()-]{6,}"), Category.phone_number),
    (re.compile(r"89[0-9]{17,18}"), Category.iccid),
    (re.compile(r"[0-9]{14,15}"), Category.device_id),  # IMEI (IMSI told apart below)
    (re.compile(r"[0-9A-Fa-f]{14}"), Category.device_id),  # MEID
    (re.compile(r"[0-9a-f]{16}"), Category.android_id),
]


def category_of(value: str) -> Category:
    for pattern, category in SHAPES:
        if pattern.fullmatch(value):
            if category is Category.device_id and len(value) == 15 and value[:3] in IMSI_MCCS:
                return Category.imsi
            return category
    return Category.serial
