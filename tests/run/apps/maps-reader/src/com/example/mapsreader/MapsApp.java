package com.example.mapsreader;

import android.app.Application;
import android.util.Log;
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;

/** Counts the libraries mapped into its process (a memory diagnostic) and carries on. */
public class MapsApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        int libraries = 0;
        try (BufferedReader in = new BufferedReader(new FileReader("/proc/self/maps"))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.endsWith(".so")) {
                    libraries++;
                }
            }
        } catch (IOException e) {
            libraries = -1;
        }
        Log.i("MapsReader", "mapped libraries: " + libraries);
    }
}
