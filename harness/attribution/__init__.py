"""SDK attribution: a knowledge base of SDK package prefixes (data) and stack -> actor verdicts.

from harness.attribution import Attributor, load_sdk_db
actor = Attributor(load_sdk_db(extra_sdk_file), "com.example.app").attribute(stack)
"""

from harness.attribution.attributor import Attributor
from harness.attribution.knowledge import SdkDb, SdkEntry, load_sdk_db, read_sdk_file

__all__ = ["Attributor", "SdkDb", "SdkEntry", "load_sdk_db", "read_sdk_file"]
