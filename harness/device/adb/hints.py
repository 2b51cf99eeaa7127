"""What each `pm install` failure code means and what to do about it (data, not code)."""

from __future__ import annotations

from harness.errors import InstallFault

# Whose fault a failure code is (batch retries device mismatches elsewhere and ends the app on
# its own faults); a code not listed is the device's. Every INSTALL_PARSE_FAILED_* is the app's.
INSTALL_FAULTS: dict[str, InstallFault] = {
    "INSTALL_FAILED_INVALID_APK": InstallFault.app,
    "INSTALL_FAILED_MISSING_SPLIT": InstallFault.app,
    "INSTALL_FAILED_DUPLICATE_PERMISSION": InstallFault.app,
    "INSTALL_FAILED_TEST_ONLY": InstallFault.app,
    "INSTALL_FAILED_NO_MATCHING_ABIS": InstallFault.device_mismatch,
    "INSTALL_FAILED_OLDER_SDK": InstallFault.device_mismatch,
    "INSTALL_FAILED_NEWER_SDK": InstallFault.device_mismatch,
    "INSTALL_FAILED_DEPRECATED_SDK_VERSION": InstallFault.device_mismatch,
    "INSTALL_FAILED_MISSING_FEATURE": InstallFault.device_mismatch,
    "INSTALL_FAILED_MISSING_SHARED_LIBRARY": InstallFault.device_mismatch,
}
APP_FAULT_PREFIX = "INSTALL_PARSE_FAILED_"


def install_fault(code: str | None) -> InstallFault:
    if code and code.startswith(APP_FAULT_PREFIX):
        return InstallFault.app
    return INSTALL_FAULTS.get(code or "", InstallFault.device)


INSTALL_HINTS: dict[str, str] = {
    "INSTALL_FAILED_INSUFFICIENT_STORAGE": (
        "free space on the device (uninstall apps, or wipe the emulator's data / give the AVD a "
        "larger data partition)"
    ),
    "INSTALL_FAILED_NO_MATCHING_ABIS": (
        "the APK's native libraries are not built for this device's ABI: use a device of that ABI "
        "(an arm64 phone, or an emulator image with ARM translation)"
    ),
    "INSTALL_FAILED_UPDATE_INCOMPATIBLE": (
        "an installed copy is signed with another key: uninstall it first"
    ),
    "INSTALL_FAILED_VERSION_DOWNGRADE": "a newer version is installed: uninstall it first",
    "INSTALL_FAILED_OLDER_SDK": "the app needs a newer Android version than this device runs",
    "INSTALL_FAILED_DEPRECATED_SDK_VERSION": (
        "Android 14 blocks apps targeting SDK < 23: use an older device or install by hand with "
        "`adb install --bypass-low-target-sdk-block`"
    ),
    "INSTALL_FAILED_MISSING_SPLIT": (
        "this is one part of a split APK: pass the folder holding the base and all split APKs"
    ),
    "INSTALL_PARSE_FAILED_NO_CERTIFICATES": (
        "the APK is not signed (or signed only with v1 on a device that needs v2): re-sign it"
    ),
    "INSTALL_FAILED_INVALID_APK": (
        "the file is not a complete APK (truncated download?) or the splits do not match"
    ),
    "INSTALL_PARSE_FAILED_NOT_APK": "the file is not an APK",
    "INSTALL_FAILED_ALREADY_EXISTS": "uninstall the existing copy first",
    "INSTALL_FAILED_USER_RESTRICTED": (
        "the device refuses installs over USB: enable 'Install via USB' in Developer options "
        "(MIUI/ColorOS) and accept the prompt"
    ),
    "INSTALL_FAILED_VERIFICATION_FAILURE": (
        "package verification (Play Protect) refused it: disable 'Verify apps over USB'"
    ),
    "INSTALL_FAILED_TEST_ONLY": (
        "the APK is test-only: it must be installed with -t (the harness does; check the device)"
    ),
    "INSTALL_FAILED_DUPLICATE_PERMISSION": (
        "another installed app defines the same permission: uninstall that app"
    ),
    "INSTALL_FAILED_CONFLICTING_PROVIDER": (
        "another installed app uses the same content provider authority: uninstall it"
    ),
}

# `pm grant/revoke` answers meaning "this permission is not a runtime one": nothing to do.
IGNORABLE_GRANT_ERRORS: tuple[str, ...] = (
    "not a changeable permission type",
    "is not a runtime permission",
    "Unknown permission",
    "has not requested permission",
    "Cannot grant system fixed permission",
    "Cannot revoke system fixed permission",
    "Cannot grant policy fixed permission",
)
