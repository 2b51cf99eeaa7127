package android.net;

/** Addresses of the current DHCP lease, as little-endian ints. */
@Deprecated
public class DhcpInfo {
    public int ipAddress;
    public int gateway;
    public int netmask;
    public int dns1;
    public int dns2;
    public int serverAddress;
    public int leaseDuration;

    public DhcpInfo() {}
}
