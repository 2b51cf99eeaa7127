.class public Lokio/Buffer;
.super Ljava/lang/Object;
.source "Buffer.java"
