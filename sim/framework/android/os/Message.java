package android.os;

/** A unit of work for a Handler: a what code with arguments, or a Runnable callback. */
public final class Message {
    public int what;
    public int arg1;
    public int arg2;
    public Object obj;

    long when;
    long seq;
    Handler target;
    Runnable callback;
    Bundle data;

    public Message() {}

    public static Message obtain() { return new Message(); }

    public static Message obtain(Handler h) {
        Message m = new Message();
        m.target = h;
        return m;
    }

    public static Message obtain(Handler h, int what) {
        Message m = obtain(h);
        m.what = what;
        return m;
    }

    public static Message obtain(Handler h, int what, Object obj) {
        Message m = obtain(h, what);
        m.obj = obj;
        return m;
    }

    public static Message obtain(Handler h, int what, int arg1, int arg2) {
        Message m = obtain(h, what);
        m.arg1 = arg1;
        m.arg2 = arg2;
        return m;
    }

    public static Message obtain(Handler h, int what, int arg1, int arg2, Object obj) {
        Message m = obtain(h, what, arg1, arg2);
        m.obj = obj;
        return m;
    }

    public static Message obtain(Handler h, Runnable callback) {
        Message m = obtain(h);
        m.callback = callback;
        return m;
    }

    public static Message obtain(Message orig) {
        Message m = new Message();
        m.what = orig.what;
        m.arg1 = orig.arg1;
        m.arg2 = orig.arg2;
        m.obj = orig.obj;
        m.target = orig.target;
        m.callback = orig.callback;
        if (orig.data != null) m.data = new Bundle(orig.data);
        return m;
    }

    public void recycle() {}

    public long getWhen() { return when; }
    public Handler getTarget() { return target; }
    public void setTarget(Handler target) { this.target = target; }
    public Runnable getCallback() { return callback; }
    public Bundle getData() {
        if (data == null) data = new Bundle();
        return data;
    }
    public Bundle peekData() { return data; }
    public void setData(Bundle data) { this.data = data; }

    public void sendToTarget() { target.sendMessage(this); }

    @Override public String toString() {
        return "{ when=" + when + " what=" + what + " target="
                + (target == null ? "null" : target.getClass().getName()) + " }";
    }
}
