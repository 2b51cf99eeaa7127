.class public Lcn/jpush/android/service/PushService;
.super Landroid/app/Service;
.source "PushService.java"
