.class public Lcom/example/shop/ShopApp;
.super Landroid/app/Application;
.source "ShopApp.java"
