package android.net;

/** State of one network interface type. */
@Deprecated
public class NetworkInfo {
    private final int type;
    private final int subtype;
    private final String typeName;
    private final String subtypeName;
    private final boolean connected;

    NetworkInfo(int type, int subtype, String typeName, String subtypeName, boolean connected) {
        this.type = type;
        this.subtype = subtype;
        this.typeName = typeName;
        this.subtypeName = subtypeName;
        this.connected = connected;
    }

    public int getType() { return type; }
    public int getSubtype() { return subtype; }
    public String getTypeName() { return typeName; }
    public String getSubtypeName() { return subtypeName; }
    public boolean isConnected() { return connected; }
    public boolean isConnectedOrConnecting() { return connected; }
    public boolean isAvailable() { return true; }
    public boolean isRoaming() { return false; }
    public String getExtraInfo() { return null; }

    @Override
    public String toString() {
        return "[type: " + typeName + "[" + subtypeName + "], state: " + (connected ? "CONNECTED" : "DISCONNECTED") + "]";
    }
}
