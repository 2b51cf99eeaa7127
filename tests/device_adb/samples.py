# ruff: noqa: E501  (recorded device output keeps its real line lengths)
"""Outputs in the formats real devices print, per Android release (recorded shapes, trimmed).

Templates use {package}, {version_name}, ... placeholders where the double fills in its state.
"""

from __future__ import annotations

GETPROP = {
    "android10": """\
[dalvik.vm.heapsize]: [512m]
[persist.sys.locale]: [en-US]
[ro.build.characteristics]: [emulator]
[ro.build.fingerprint]: [google/sdk_gphone_x86_64/generic_x86_64:10/QSR1.210802.001/7603624:userdebug/dev-keys]
[ro.build.type]: [userdebug]
[ro.build.version.release]: [10]
[ro.build.version.sdk]: [29]
[ro.product.cpu.abi]: [x86_64]
[ro.product.cpu.abilist]: [x86_64,x86]
[ro.product.manufacturer]: [Google]
[ro.product.model]: [Android SDK built for x86_64]
[ro.secure]: [1]
""",
    "android13": """\
[dalvik.vm.heapsize]: [512m]
[ro.boot.hardware]: [oriole]
[ro.build.fingerprint]: [google/oriole/oriole:13/TQ3A.230805.001/10316531:user/release-keys]
[ro.build.type]: [user]
[ro.build.version.release]: [13]
[ro.build.version.sdk]: [33]
[ro.product.cpu.abi]: [arm64-v8a]
[ro.product.cpu.abilist]: [arm64-v8a,armeabi-v7a,armeabi]
[ro.product.manufacturer]: [Google]
[ro.product.model]: [Pixel 6]
[ro.secure]: [1]
""",
    "android14": """\
[ro.build.fingerprint]: [google/sdk_gphone64_x86_64/emu64xa:14/UE1A.230829.036/10913154:userdebug/dev-keys]
[ro.build.type]: [userdebug]
[ro.build.version.release]: [14]
[ro.build.version.sdk]: [34]
[ro.product.cpu.abi]: [x86_64]
[ro.product.cpu.abilist]: [x86_64,arm64-v8a]
[ro.product.manufacturer]: [Google]
[ro.product.model]: [sdk_gphone64_x86_64]
""",
}

# `dumpsys package <pkg>`: Android 10 then 13/14 (the latter adds restricted=, flags=[...]).
DUMPSYS_PACKAGE = {
    "android10": """\
Activity Resolver Table:
  Non-Data Actions:
      android.intent.action.MAIN:
        4a1c0e2 {package}/.ui.SplashActivity filter 8d3e6b1
          Action: "android.intent.action.MAIN"
          Category: "android.intent.category.LAUNCHER"
      {package}.OPEN:
        91c2f0a {package}/.ui.DeepLinkActivity filter 11aa0c3
          Action: "{package}.OPEN"

Key Set Manager:
  [{package}]
      Signing KeySets: 47

Packages:
  Package [{package}] (e1f3a92):
    userId=10135
    pkg=Package{{5b0d2c7 {package}}}
    codePath=/data/app/{package}-Xr0bHq1_Vd6sFp2gD8sXhA==
    resourcePath=/data/app/{package}-Xr0bHq1_Vd6sFp2gD8sXhA==
    legacyNativeLibraryDir=/data/app/{package}-Xr0bHq1_Vd6sFp2gD8sXhA==/lib
    primaryCpuAbi=null
    secondaryCpuAbi=null
    versionCode={version_code} minSdk=21 targetSdk=29
    versionName={version_name}
    splits=[base]
    apkSigningVersion=2
    applicationInfo=ApplicationInfo{{d6a03b4 {package}}}
    flags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]
    timeStamp=2024-03-11 10:21:07
    firstInstallTime=2024-03-11 10:21:08
    lastUpdateTime=2024-03-11 10:21:08
    signatures=PackageSignatures{{c8e2f11 version:2, signatures:[6b9d4a1f], past signatures:[]}}
    installPermissionsFixed=true
    pkgFlags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]
    requested permissions:
{requested}
    install permissions:
      android.permission.INTERNET: granted=true
      android.permission.ACCESS_NETWORK_STATE: granted=true
    User 0: ceDataInode=131284 installed=true hidden=false suspended=false stopped=true notLaunched=true enabled=0 instant=false virtual=false
      gids=[3003]
      runtime permissions:
{runtime}
""",
    "android13": """\
Activity Resolver Table:
  Non-Data Actions:
      android.intent.action.MAIN:
        2f9e6c1 {package}/.ui.SplashActivity filter 6a0f2d8
          Action: "android.intent.action.MAIN"
          Category: "android.intent.category.LAUNCHER"

Permissions:
  Permission [{package}.permission.C2D_MESSAGE] (7e3a5b0):
    sourcePackage={package}
    uid=10211 gids=[] type=0 prot=signature

Packages:
  Package [{package}] (a83c2e9):
    appId=10211
    pkg=Package{{0b6e1f4 {package}}}
    codePath=/data/app/~~Qm8b7N2wX1sE5vT0cJ3aKw==/{package}-pL4nH9fD2gR6yZ1uV8tB0A==
    resourcePath=/data/app/~~Qm8b7N2wX1sE5vT0cJ3aKw==/{package}-pL4nH9fD2gR6yZ1uV8tB0A==
    legacyNativeLibraryDir=/data/app/~~Qm8b7N2wX1sE5vT0cJ3aKw==/{package}-pL4nH9fD2gR6yZ1uV8tB0A==/lib
    extractNativeLibs=false
    primaryCpuAbi=arm64-v8a
    secondaryCpuAbi=null
    cpuAbiOverride=null
    versionCode={version_code} minSdk=24 targetSdk=33
    minExtensionVersions=[]
    versionName={version_name}
    usesNonSdkApi=false
    splits=[base, config.arm64_v8a, config.xxhdpi]
    apkSigningVersion=3
    flags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ]
    privateFlags=[ PRIVATE_FLAG_ACTIVITIES_RESIZE_MODE_RESIZEABLE_VIA_SDK_VERSION ALLOW_AUDIO_PLAYBACK_CAPTURE PRIVATE_FLAG_REQUEST_LEGACY_EXTERNAL_STORAGE HAS_DOMAIN_URLS PRIVATE_FLAG_ALLOW_NATIVE_HEAP_POINTER_TAGGING ]
    forceQueryable=false
    dataDir=/data/user/0/{package}
    supportsScreens=[small, medium, large, xlarge, resizeable, anyDensity]
    timeStamp=2024-05-02 14:03:51
    lastUpdateTime=2024-05-02 14:03:53
    installerPackageName=com.android.shell
    signatures=PackageSignatures{{4d1be37 version:3, signatures:[1f0c2a9e], past signatures:[]}}
    installPermissionsFixed=true
    pkgFlags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ]
    declared permissions:
      {package}.permission.C2D_MESSAGE: prot=signature, INSTALLED
    requested permissions:
{requested}
    install permissions:
      android.permission.INTERNET: granted=true
      {package}.permission.C2D_MESSAGE: granted=true
    User 0: ceDataInode=524611 installed=true hidden=false suspended=false distractionFlags=0 stopped=true notLaunched=true enabled=0 instant=false virtual=false
      installReason=0
      dataDir=/data/user/0/{package}
      firstInstallTime=2024-05-02 14:03:53
      uninstallReason=0
      gids=[3003]
      runtime permissions:
{runtime}
      disabledComponents:
        {package}.internal.Tracker
      enabledComponents:

Queries:
  system apps queryable: false
""",
}

DUMPSYS_PACKAGE_UNKNOWN = {
    "android10": "Unable to find package: {package}\n",
    "android13": """\
Domain verification status:

Key Set Manager:

Dexopt state:

Compiler stats:
""",
}

# `dumpsys activity activities | grep -E 'ResumedActivity'` and
# `dumpsys window | grep -E 'mCurrentFocus|mFocusedApp'`, per release.
DUMPSYS_ACTIVITY_RESUMED = {
    "android9": "    mResumedActivity: ActivityRecord{{8c3f21e u0 {package}/.MainActivity t412}}\n",
    "android10": (
        "    mResumedActivity: ActivityRecord{{5e2d9f1 u0 {package}/.ui.MainActivity t87}}\n"
        "  ResumedActivity: ActivityRecord{{5e2d9f1 u0 {package}/.ui.MainActivity t87}}\n"
    ),
    "android13": (
        "        topResumedActivity=ActivityRecord{{b12c7d4 u0 {package}/.ui.MainActivity t23}}\n"
        "  ResumedActivity: ActivityRecord{{b12c7d4 u0 {package}/.ui.MainActivity t23}}\n"
    ),
    "android14": (
        "        topResumedActivity=ActivityRecord{{7f0e9a2 u0 {package}/com.example.ui.Home "
        "t31}}\n"
        "  ResumedActivity: ActivityRecord{{7f0e9a2 u0 {package}/com.example.ui.Home t31}}\n"
    ),
}
DUMPSYS_WINDOW_FOCUS = {
    "android9": (
        "  mCurrentFocus=Window{{3ac1e02 u0 {package}/{package}.MainActivity}}\n"
        "  mFocusedApp=AppWindowToken{{91b0f6 token=Token{{e4d01d1 ActivityRecord{{8c3f21e u0 "
        "{package}/.MainActivity t412}}}}}}\n"
    ),
    "android13": (
        "  mCurrentFocus=Window{{c1d2e3f u0 {package}/{package}.ui.MainActivity}}\n"
        "  mFocusedApp=ActivityRecord{{b12c7d4 u0 {package}/.ui.MainActivity t23}}\n"
    ),
}

UI_DUMP = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="0"><node \
index="0" text="" resource-id="" class="android.widget.FrameLayout" package="{package}" \
content-desc="" checkable="false" checked="false" clickable="false" enabled="true" \
focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" \
selected="false" bounds="[0,0][1080,2400]"><node index="0" text="We value your privacy" \
resource-id="{package}:id/title" class="android.widget.TextView" package="{package}" \
content-desc="" checkable="false" checked="false" clickable="false" enabled="true" \
focusable="false" focused="false" scrollable="false" long-clickable="false" password="false" \
selected="false" bounds="[60,800][1020,900]" /><node index="1" text="ACCEPT" \
resource-id="{package}:id/accept" class="android.widget.Button" package="{package}" \
content-desc="" checkable="false" checked="false" clickable="true" enabled="true" \
focusable="true" focused="false" scrollable="false" long-clickable="false" password="false" \
selected="false" bounds="[600,1800][1020,1920]" /></node></hierarchy>"""

ID_SHELL = (
    "uid=2000(shell) gid=2000(shell) groups=2000(shell),1004(input),1007(log),1011(adb),"
    "1015(sdcard_rw),1028(sdcard_r),3001(net_bt_admin),3002(net_bt),3003(inet),3006(net_bw_stats),"
    "3009(readproc),3011(uhid) context=u:r:shell:s0"
)
ID_ROOT = (
    "uid=0(root) gid=0(root) groups=0(root),1004(input),1007(log),1011(adb),1015(sdcard_rw),"
    "1028(sdcard_r),3001(net_bt_admin),3002(net_bt),3003(inet),3006(net_bw_stats),3009(readproc),"
    "3011(uhid) context=u:r:su:s0"
)

PROC_NET_TCP_HEADER = (
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
)

LOGCAT_LINE = "05-02 14:05:{sec:02d}.{ms:03d}  {pid}  {pid} I {tag}: {msg}\n"

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000157c4f8a70000000049454e44ae426082"
)
