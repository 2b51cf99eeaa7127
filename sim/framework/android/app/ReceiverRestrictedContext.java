package android.app;

import android.content.Context;
import android.content.ContextWrapper;

/**
 * The context a manifest receiver's onReceive gets, as on Android: a wrapper of the app's base
 * context (so the receiver's startService goes through ContextWrapper, as the hooks expect).
 */
class ReceiverRestrictedContext extends ContextWrapper {
    ReceiverRestrictedContext(Context base) {
        super(base);
    }
}
