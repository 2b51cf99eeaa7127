.class public Lcom/qq/e/comm/DownloadService;
.super Landroid/app/Service;
.source "DownloadService.java"
