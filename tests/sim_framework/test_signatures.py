"""Every privacy-sensitive member the agent's catalogue hooks exists with Android's real signature.

The table mirrors the "Privacy-sensitive data" and "Supporting types" sections of
docs/sim-android-api.md (plus the TelephonyManager/LocationManager/WifiManager
extras a real device has). A hook on a member that is missing, on another class, static when it
should not be, or with another return type would silently never fire, so each row is checked by
reflection in a JVM against the compiled framework.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.sim_framework.probes import JDK, Framework

S = "java.lang.String"
TM = "android.telephony.TelephonyManager"
LM = "android.location.LocationManager"
PM = "android.content.pm.PackageManager"
APM = "android.app.ApplicationPackageManager"
WM = "android.net.wifi.WifiManager"
WI = "android.net.wifi.WifiInfo"
SM = "android.hardware.SensorManager"
CR = "android.content.ContentResolver"
CUR = "android.database.Cursor"
LIST = "java.util.List"

# kind | class | member | static/instance | return or field type | parameter types
SPECS: list[str] = [
    *(
        f"M|{TM}|{m}|instance|{S}|"
        for m in (
            "getDeviceId",
            "getImei",
            "getMeid",
            "getSubscriberId",
            "getSimSerialNumber",
            "getLine1Number",
            "getNetworkOperator",
            "getNetworkOperatorName",
            "getSimOperator",
            "getSimOperatorName",
        )
    ),
    *(f"M|{TM}|{m}|instance|{S}|int" for m in ("getDeviceId", "getImei", "getMeid")),
    f"M|{TM}|getCellLocation|instance|android.telephony.CellLocation|",
    f"M|{TM}|getAllCellInfo|instance|{LIST}|",
    "M|android.telephony.gsm.GsmCellLocation|getLac|instance|int|",
    "M|android.telephony.gsm.GsmCellLocation|getCid|instance|int|",
    f"M|android.provider.Settings$Secure|getString|static|{S}|android.content.ContentResolver,{S}",
    f"F|android.provider.Settings$Secure|ANDROID_ID|static|{S}",
    f"M|android.os.Build|getSerial|static|{S}|",
    f"F|android.os.Build|SERIAL|static|{S}",
    "F|android.os.Build$VERSION|SDK_INT|static|int",
    f"M|{WM}|getConnectionInfo|instance|{WI}|",
    f"M|{WM}|getScanResults|instance|{LIST}|",
    f"M|{WM}|getConfiguredNetworks|instance|{LIST}|",
    *(f"M|{WI}|{m}|instance|{S}|" for m in ("getMacAddress", "getBSSID", "getSSID")),
    f"M|{WI}|getIpAddress|instance|int|",
    f"F|android.net.wifi.ScanResult|SSID|instance|{S}",
    f"F|android.net.wifi.ScanResult|BSSID|instance|{S}",
    "M|android.bluetooth.BluetoothAdapter|getDefaultAdapter|static|android.bluetooth.BluetoothAdapter|",
    f"M|android.bluetooth.BluetoothAdapter|getAddress|instance|{S}|",
    f"M|android.bluetooth.BluetoothAdapter|getName|instance|{S}|",
    "M|android.bluetooth.BluetoothManager|getAdapter|instance|android.bluetooth.BluetoothAdapter|",
    f"M|android.bluetooth.BluetoothDevice|getAddress|instance|{S}|",
    f"M|{LM}|getLastKnownLocation|instance|android.location.Location|{S}",
    f"M|{LM}|requestLocationUpdates|instance|void|{S},long,float,android.location.LocationListener",
    f"M|{LM}|requestLocationUpdates|instance|void|{S},long,float,android.location.LocationListener,android.os.Looper",
    f"M|{LM}|requestSingleUpdate|instance|void|{S},android.location.LocationListener,android.os.Looper",
    f"M|{LM}|removeUpdates|instance|void|android.location.LocationListener",
    f"F|{LM}|GPS_PROVIDER|static|{S}",
    f"F|{LM}|NETWORK_PROVIDER|static|{S}",
    "M|android.location.Location|getLatitude|instance|double|",
    "M|android.location.Location|getLongitude|instance|double|",
    "A|android.location.LocationListener|onLocationChanged|android.location.Location",
    f"M|android.location.LocationListener|onStatusChanged|instance|void|{S},int,android.os.Bundle",
    f"M|android.location.LocationListener|onProviderEnabled|instance|void|{S}",
    f"M|android.location.LocationListener|onProviderDisabled|instance|void|{S}",
    f"M|{CR}|query|instance|{CUR}|android.net.Uri,{S}[],{S},{S}[],{S}",
    "M|android.database.Cursor|moveToNext|instance|boolean|",
    "M|android.database.Cursor|getCount|instance|int|",
    f"M|android.database.Cursor|getColumnIndex|instance|int|{S}",
    f"M|android.database.Cursor|getString|instance|{S}|int",
    "M|android.database.Cursor|close|instance|void|",
    f"M|android.net.Uri|parse|static|android.net.Uri|{S}",
    *(
        f"F|{c}|CONTENT_URI|static|android.net.Uri"
        for c in (
            "android.provider.ContactsContract$Contacts",
            "android.provider.ContactsContract$CommonDataKinds$Phone",
            "android.provider.CallLog$Calls",
            "android.provider.Telephony$Sms",
            "android.provider.CalendarContract$Events",
        )
    ),
    f"A|{PM}|getInstalledPackages|int",
    f"A|{PM}|getInstalledApplications|int",
    f"A|{PM}|queryIntentActivities|android.content.Intent,int",
    f"M|{APM}|getInstalledPackages|instance|{LIST}|int",
    f"M|{APM}|getInstalledApplications|instance|{LIST}|int",
    f"M|{APM}|queryIntentActivities|instance|{LIST}|android.content.Intent,int",
    f"F|android.content.pm.PackageInfo|packageName|instance|{S}",
    f"F|android.content.pm.ApplicationInfo|packageName|instance|{S}",
    f"F|{PM}|PERMISSION_GRANTED|static|int",
    f"F|{PM}|GET_META_DATA|static|int",
    f"M|android.app.ActivityManager|getRunningAppProcesses|instance|{LIST}|",
    f"F|android.app.ActivityManager$RunningAppProcessInfo|processName|instance|{S}",
    "F|android.app.ActivityManager$RunningAppProcessInfo|pid|instance|int",
    "M|android.content.ClipboardManager|getPrimaryClip|instance|android.content.ClipData|",
    "M|android.content.ClipboardManager|hasPrimaryClip|instance|boolean|",
    "M|android.content.ClipData|getItemAt|instance|android.content.ClipData$Item|int",
    "M|android.content.ClipData$Item|getText|instance|java.lang.CharSequence|",
    "M|android.accounts.AccountManager|get|static|android.accounts.AccountManager|android.content.Context",
    "M|android.accounts.AccountManager|getAccounts|instance|android.accounts.Account[]|",
    f"F|android.accounts.Account|name|instance|{S}",
    f"F|android.accounts.Account|type|instance|{S}",
    f"C|android.accounts.Account|{S},{S}",
    f"M|{SM}|getSensorList|instance|{LIST}|int",
    f"M|{SM}|getDefaultSensor|instance|android.hardware.Sensor|int",
    f"M|{SM}|registerListener|instance|boolean|android.hardware.SensorEventListener,android.hardware.Sensor,int",
    "F|android.hardware.SensorEvent|values|instance|float[]",
    "A|android.hardware.SensorEventListener|onSensorChanged|android.hardware.SensorEvent",
    "M|android.hardware.Camera|open|static|android.hardware.Camera|",
    "M|android.hardware.Camera|open|static|android.hardware.Camera|int",
    f"M|android.hardware.camera2.CameraManager|openCamera|instance|void|{S},"
    "android.hardware.camera2.CameraDevice$StateCallback,android.os.Handler",
    "C|android.media.AudioRecord|int,int,int,int,int",
    "M|android.media.AudioRecord|startRecording|instance|void|",
    "M|android.media.AudioRecord|stop|instance|void|",
    "M|android.media.AudioRecord|release|instance|void|",
    "C|android.media.MediaRecorder|",
    "M|android.media.MediaRecorder|setAudioSource|instance|void|int",
    "M|android.media.MediaRecorder|start|instance|void|",
    "M|android.media.MediaRecorder|stop|instance|void|",
    "M|android.media.MediaRecorder|release|instance|void|",
    "F|android.media.MediaRecorder$AudioSource|MIC|static|int",
    f"M|com.android.internal.sim.SystemServices|getSystemService|static|java.lang.Object|android.content.Context,{S}",
    f"M|com.android.internal.sim.SystemServices|contentResolver|static|{CR}|android.content.Context",
    f"M|com.android.internal.sim.SystemServices|packageManager|static|{PM}|android.content.Context",
]


@pytest.fixture(scope="module")
def verdicts(framework: Framework) -> dict[str, str]:
    proc = subprocess.run(
        [str(JDK / "bin" / "java"), "-cp", str(framework.classes), "probe.SignatureCheck"],
        input="\n".join(SPECS),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return dict(line.rsplit("=", 1) for line in proc.stdout.splitlines())


@pytest.mark.parametrize("spec", SPECS)
def test_member_has_android_signature(verdicts: dict[str, str], spec: str) -> None:
    assert verdicts[spec] == "ok", spec


def test_checker_notices_a_wrong_signature(framework: Framework) -> None:
    # Two deliberately wrong rows (static-ness, return type) and one right one.
    wrong = [
        f"M|{TM}|getDeviceId|static|{S}|",
        f"M|{TM}|getImei|instance|int|",
        f"M|{PM}|getInstalledPackages|instance|{LIST}|int",
    ]
    proc = subprocess.run(
        [str(JDK / "bin" / "java"), "-cp", str(framework.classes), "probe.SignatureCheck"],
        input="\n".join(wrong),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    verdicts = [line.rsplit("=", 1)[1] for line in proc.stdout.splitlines()]
    assert verdicts == ["static-ness differs;", "returns java.lang.String;", "ok"]
