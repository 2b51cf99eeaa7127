"""The CJK-capable font the simulated device draws its screenshots with.

The screen is drawn inside the app's JVM (Java2D), from a TrueType file of a Debian package
passed by path: the JDK's own fonts have no CJK glyphs, and a font chosen by fontconfig would
make the same screen give different pictures on different machines. There is no silent
fallback: without one of these files, a screenshot fails with the package to install.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness.errors import DeviceError

# (file, Debian package), in order of preference. WenQuanYi Micro Hei is TrueType outlines,
# which Java2D rasterises everywhere; it covers Latin and simplified/traditional Chinese.
FONT_FILES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
)
FONT_ENV = "HARNESS_SIM_FONT"  # a lab's own TrueType file instead


def screenshot_font() -> Path:
    """The font file to draw with; DeviceError naming the package when none is installed."""
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise DeviceError(f"{FONT_ENV}={override}: no such font file")
        return path
    for name, _package in FONT_FILES:
        if Path(name).is_file():
            return Path(name)
    packages = " or ".join(pkg for _, pkg in FONT_FILES)
    raise DeviceError(
        f"simulated screenshots need a CJK font: apt-get install {packages} "
        f"(or set {FONT_ENV} to a TrueType file)"
    )
