.class public Lcom/umeng/analytics/UmengProvider;
.super Landroid/content/ContentProvider;
.source "UmengProvider.java"
