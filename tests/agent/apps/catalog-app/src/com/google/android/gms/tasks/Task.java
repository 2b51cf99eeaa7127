package com.google.android.gms.tasks;

/** Stand-in for Play services' Task, reduced to a completed result. */
public class Task<T> {
    private final T result;

    public Task(T result) {
        this.result = result;
    }

    public boolean isComplete() {
        return true;
    }

    public T getResult() {
        return result;
    }
}
