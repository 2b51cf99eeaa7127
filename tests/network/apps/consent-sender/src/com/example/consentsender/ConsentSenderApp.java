package com.example.consentsender;

import android.app.Application;
import android.content.Intent;

import cn.jpush.android.service.PushService;
import com.qq.e.comm.managers.GDTADManager;

/** Starts the ad SDK (which uploads at once) and the push service, before any dialog. */
public class ConsentSenderApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        if (!getPackageName().equals(Application.getProcessName())) {
            return; // the :push process runs only its service
        }
        GDTADManager.init(this);
        startService(new Intent(this, PushService.class));
    }
}
