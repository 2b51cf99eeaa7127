# The smali of ProbeService.java: runs in ":probe" and calls its APIs when created.
.class public Lio/harness/selftest/probe/ProbeService;
.super Landroid/app/Service;
.source "ProbeService.java"

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Service;-><init>()V
    return-void
.end method

.method public onCreate()V
    .registers 3
    invoke-super {p0}, Landroid/app/Service;->onCreate()V
    :try_start
    const-string v0, "phone"
    invoke-virtual {p0, v0}, Lio/harness/selftest/probe/ProbeService;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/telephony/TelephonyManager;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getSubscriberId()Ljava/lang/String;
    invoke-virtual {v0}, Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :done
    :done
    return-void
.end method

.method public onBind(Landroid/content/Intent;)Landroid/os/IBinder;
    .registers 3
    const/4 v0, 0x0
    return-object v0
.end method
