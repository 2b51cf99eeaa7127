.class public Lcom/qq/e/comm/managers/GDTAdSdk;
.super Ljava/lang/Object;
.source "GDTAdSdk.java"
