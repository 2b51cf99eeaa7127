"""`harness apk inspect` time and memory: one generated 50 MB APK with 3 dex files (real dex
assembled by smali, signed by apksigner), and 1,000 APKs one after the other as a batch
pre-scan does. Each single-APK figure is taken in a fresh process, so its peak RSS is its own.
Targets: under 2 s and under 300 MB per APK.

    .venv/bin/python benchmarks/bench_apk_inspect.py [--classes 8000] [--apks 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOP = ROOT / "tests" / "apk" / "projects" / "shop"
TARGET_S = 2.0
TARGET_MB = 300.0
PACKAGES = ["com/example/big/ui", "com/qq/e/comm/a", "cn/jpush/android/b", "com/umeng/analytics/c",
            "com/tencent/bugly/d", "okhttp3/internal/e", "a/b/c"]  # fmt: skip


def _smali_dir(folder: Path, dex: int, classes: int) -> None:
    for i in range(classes):
        pkg = PACKAGES[i % len(PACKAGES)]
        name = f"C{dex}x{i}"
        path = folder / pkg / f"{name}.smali"
        path.parent.mkdir(parents=True, exist_ok=True)
        methods = "".join(
            f".method public static m{j}()Ljava/lang/String;\n    .registers 1\n"
            f'    const-string v0, "{name}-{j}-{"x" * 40}"\n    return-object v0\n.end method\n'
            for j in range(6)
        )
        path.write_text(f".class public L{pkg}/{name};\n.super Ljava/lang/Object;\n{methods}")


def build_big_apk(work: Path, classes: int, size_mb: int) -> Path:
    from harness.apk.build import KEY_PASSWORD, build_apk

    base = build_apk(SHOP, cache=work)
    dexes = []
    for dex in (1, 2, 3):
        src = work / f"smali{dex}"
        _smali_dir(src, dex, classes)
        out = work / ("classes.dex" if dex == 1 else f"classes{dex}.dex")
        subprocess.run(["smali", "a", "-o", str(out), str(src)], check=True)
        dexes.append(out)
    unsigned = work / "big-unsigned.apk"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(unsigned, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if not info.filename.startswith(("META-INF/", "classes")):
                z.writestr(info, src.read(info))
        for d in dexes:
            z.write(d, d.name)
    with zipfile.ZipFile(unsigned, "a") as z:  # incompressible media up to the size asked for
        blob = random.Random(7).randbytes(max(0, size_mb * (1 << 20) - unsigned.stat().st_size))
        z.writestr(zipfile.ZipInfo("assets/media.bin"), blob, zipfile.ZIP_STORED)
    aligned = work / "big-aligned.apk"
    subprocess.run(["zipalign", "-f", "-p", "4", str(unsigned), str(aligned)], check=True)
    subprocess.run(
        ["keytool", "-genkeypair", "-keystore", str(work / "k.p12"), "-storetype", "PKCS12",
         "-alias", "k", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
         "-dname", "CN=bench", "-storepass", KEY_PASSWORD, "-keypass", KEY_PASSWORD],
        check=True, capture_output=True,
    )  # fmt: skip
    big = work / "big.apk"
    subprocess.run(
        ["apksigner", "sign", "--ks", str(work / "k.p12"), "--ks-pass", f"pass:{KEY_PASSWORD}",
         "--out", str(big), str(aligned)],
        check=True,
    )  # fmt: skip
    return big


def _hwm_mb() -> float:
    """This process's peak RSS (VmHWM: reset by exec, unlike ru_maxrss, which a child inherits
    from the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(paths: list[str]) -> None:
    """Runs in a fresh process: inspect each path, print per-APK seconds and the peak RSS."""
    from harness.apk.inspect import inspect_target
    from harness.attribution import load_sdk_db

    db = load_sdk_db()
    before = _hwm_mb()
    times = []
    profile = None
    for p in paths:
        t = time.perf_counter()
        profile = inspect_target(Path(p), db)
        times.append(time.perf_counter() - t)
    peak = _hwm_mb()
    assert profile is not None
    print(json.dumps({"times": times, "rss_before_mb": before, "peak_mb": peak,
                      "classes": profile.class_count, "sdks": len(profile.sdks),
                      "dex": len(profile.dex_files)}))  # fmt: skip


def _in_child(paths: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *paths], check=True, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--classes", type=int, default=8000, help="classes per dex file")
    parser.add_argument("--size-mb", type=int, default=50)
    parser.add_argument("--apks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-apk-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        big = build_big_apk(work, args.classes, args.size_mb)
        print(f"generated {big.stat().st_size / (1 << 20):.1f} MB APK, 3 dex files "
              f"({args.classes} classes each) in {time.perf_counter() - t:.0f} s")  # fmt: skip
        runs = [_in_child([str(big)]) for _ in range(args.runs)]
        secs = [r["times"][0] for r in runs]
        peak = max(r["peak_mb"] for r in runs)
        base = min(r["rss_before_mb"] for r in runs)
        r0 = runs[0]
        print(f"50 MB APK: {statistics.median(secs):.2f} s median of {args.runs} "
              f"(min {min(secs):.2f}, max {max(secs):.2f}); target {TARGET_S:g} s: "
              f"{statistics.median(secs) / TARGET_S:.2f}x of target")  # fmt: skip
        print(f"  peak RSS {peak:.0f} MB (process after imports {base:.0f} MB, so "
              f"{peak - base:.0f} MB for the APK); target {TARGET_MB:g} MB: "
              f"{peak / TARGET_MB:.2f}x; {r0['classes']} classes, {r0['sdks']} SDKs, "
              f"{r0['dex']} dex")  # fmt: skip
        shop = next((work / "apks").glob("shop-*.apk"))
        folder = work / "many"
        folder.mkdir()
        paths = []
        for i in range(args.apks):  # distinct files (a different hash each), same content shape
            dest = folder / f"app{i:04d}.apk"
            shutil.copy(shop, dest)
            with zipfile.ZipFile(dest, "a") as z:
                z.writestr(f"assets/id-{i}.txt", str(i))
            paths.append(str(dest))
        many = _in_child(paths)
        total = sum(many["times"])
        print(f"{args.apks} APKs in one process: {total:.1f} s ({total / args.apks * 1000:.1f} ms "
              f"per APK, p99 {sorted(many['times'])[int(len(many['times']) * 0.99) - 1] * 1000:.1f}"
              f" ms); peak RSS {many['peak_mb']:.0f} MB for the whole pre-scan")  # fmt: skip


if __name__ == "__main__":
    main()
