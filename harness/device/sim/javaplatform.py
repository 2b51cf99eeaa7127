"""The Java platform of the simulated device: the JDK modules its app processes have.

The runtime image (runtime.py) holds these modules and no others, and apps and the framework
are compiled against them (build.py, `javac --limit-modules`), so an app that uses a JDK API
outside them (javax.naming, java.net.http, javax.script, a zip file system, ...) is refused at
install with javac's "package ... is not visible" instead of running differently on the image
and on the JDK. Android has none of those APIs either. What is here: what the framework jar and
its -javaagent use, what SDK code commonly uses, and Java2D for the device's screenshots.
"""

from __future__ import annotations

MODULES = (
    "java.base",
    "java.desktop",  # Java2D: the device's screenshots
    "java.instrument",  # the framework jar is the process's -javaagent
    "java.logging",
    "java.management",  # apps read thread and memory beans
    "java.prefs",
    "java.sql",  # java.sql.Date/Timestamp, common in SDK code
    "java.xml",
    "jdk.charsets",  # GBK, GB18030, Big5: Chinese apps' payloads
    "jdk.crypto.ec",  # TLS to the device's sink with an EC certificate
    "jdk.localedata",  # the zh locale below
    "jdk.unsupported",  # sun.misc.Unsafe, used by OkHttp's Okio and many SDKs
)
# Locales formatted with their own data; any other falls back to the root locale's formats (an
# app formatting for de_DE gets "1,234.5", not "1.234,5"). English and Chinese are what the sim
# device and the apps under test use.
LOCALES = ("en", "zh")
