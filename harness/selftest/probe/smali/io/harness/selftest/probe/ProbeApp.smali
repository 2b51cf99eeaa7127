# The smali of ProbeApp.java (examples/apps/selftest-probe): the main process's calls at start,
# then the ":probe" service.
.class public Lio/harness/selftest/probe/ProbeApp;
.super Landroid/app/Application;
.source "ProbeApp.java"

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Landroid/app/Application;-><init>()V
    return-void
.end method

.method public onCreate()V
    .registers 4
    invoke-super {p0}, Landroid/app/Application;->onCreate()V
    invoke-virtual {p0}, Lio/harness/selftest/probe/ProbeApp;->getPackageName()Ljava/lang/String;
    move-result-object v0
    invoke-static {}, Landroid/app/Application;->getProcessName()Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-eqz v0, :done
    invoke-static {p0}, Lio/harness/selftest/probe/Probe;->collectMain(Landroid/content/Context;)V
    new-instance v0, Landroid/content/Intent;
    const-class v1, Lio/harness/selftest/probe/ProbeService;
    invoke-direct {v0, p0, v1}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {p0, v0}, Lio/harness/selftest/probe/ProbeApp;->startService(Landroid/content/Intent;)Landroid/content/ComponentName;
    :done
    return-void
.end method
