.class public Lcom/example/shop/BootReceiver;
.super Landroid/content/BroadcastReceiver;
.source "BootReceiver.java"
