.class public Lcom/example/shop/SettingsActivity;
.super Landroid/app/Activity;
.source "SettingsActivity.java"
