.class public La/a/b;
.super Ljava/lang/Object;
.source "b.java"
