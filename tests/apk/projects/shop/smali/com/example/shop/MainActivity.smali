.class public Lcom/example/shop/MainActivity;
.super Landroid/app/Activity;
.source "MainActivity.java"
