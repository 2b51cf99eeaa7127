# The smali of Probe.java: the main process's calls, each in its own try (a refusal is fine).
.class final Lio/harness/selftest/probe/Probe;
.super Ljava/lang/Object;
.source "Probe.java"

.method static collectMain(Landroid/content/Context;)V
    .registers 4

    :try1_start
    const-string v0, "phone"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    :try1_end
    .catch Ljava/lang/RuntimeException; {:try1_start .. :try1_end} :next1
    :next1

    :try2_start
    invoke-virtual {p0}, Landroid/content/Context;->getContentResolver()Landroid/content/ContentResolver;
    move-result-object v0
    const-string v1, "android_id"
    invoke-static {v0, v1}, Landroid/provider/Settings$Secure;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;
    :try2_end
    .catch Ljava/lang/RuntimeException; {:try2_start .. :try2_end} :next2
    :next2

    :try3_start
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationContext()Landroid/content/Context;
    move-result-object v0
    const-string v1, "wifi"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/net/wifi/WifiManager;
    invoke-virtual {v0}, Landroid/net/wifi/WifiManager;->getConnectionInfo()Landroid/net/wifi/WifiInfo;
    move-result-object v0
    invoke-virtual {v0}, Landroid/net/wifi/WifiInfo;->getMacAddress()Ljava/lang/String;
    :try3_end
    .catch Ljava/lang/RuntimeException; {:try3_start .. :try3_end} :next3
    :next3
    return-void
.end method
