package com.android.internal.sim;

import android.app.ActivityThread;
import android.os.Handler;
import android.os.Looper;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs control requests on the app's main thread, where the UI may be touched. */
final class MainThread {
    private MainThread() {}

    static <T> T call(Callable<T> task, long timeoutMs) throws Exception {
        Looper main = Looper.getMainLooper();
        if (main == null || (!ActivityThread.isLooping() && AppMain.paused())) {
            synchronized (MainThread.class) {
                return task.call();  // no app code has run yet: nothing to race with
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        new Handler(main).post(() -> {
            try {
                result.complete(task.call());
            } catch (RuntimeException | Error e) {
                // An exception from app code (a click listener) crashes the app, as on a device.
                result.completeExceptionally(e);
                throw e;
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the main thread did not answer within " + timeoutMs + " ms (busy or blocked)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) throw (Exception) cause;
            throw e;
        }
    }
}
