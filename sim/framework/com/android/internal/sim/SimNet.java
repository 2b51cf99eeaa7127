package com.android.internal.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;

/**
 * The simulated device's network: nothing an app sends leaves the machine.
 *
 * The device starts a loopback sink for the run (harness/device/sim/netsink.py) and passes its
 * address in HARNESS_SIM_NET ("127.0.0.1:port") and its CA certificate in HARNESS_SIM_NET_CA.
 * Before any app class runs, this class
 *  - replaces the JDK's name service (HotSpot 17 has no resolver SPI; its private
 *    InetAddress.nameService field is set, with java.net opened to us by the JVM flags): every
 *    host name resolves to 127.0.0.1, so no DNS query leaves the machine;
 *  - installs a ProxySelector that sends every connection that is not to loopback through the
 *    sink as a SOCKS5 proxy: the app's own bytes (HTTP, TLS, anything on TCP) reach the sink
 *    unchanged, for whatever port the app asked for;
 *  - sends UDP to the sink too (HARNESS_SIM_NET_UDP, "127.0.0.1:data:control"): SimAgent makes
 *    the JDK's DatagramChannelImpl ask {@link UdpRedirect} where a datagram (or a connect) to a
 *    name or a non-loopback address goes; it tells the sink's control port which destination
 *    the next datagram from that local port is for, then gives the sink's data port instead;
 *  - makes the JVM trust the sink's per-run CA (javax.net.ssl.trustStore), so HTTPS works for
 *    HttpsURLConnection and for OkHttp, which reads the default trust store itself.
 * Without HARNESS_SIM_NET nothing changes (a process started outside a device).
 */
public final class SimNet {
    public static final String RESOLVED = "127.0.0.1";
    private static final String STORE_PASSWORD = "harness-sim";

    private SimNet() {}

    public static void install() throws Exception {
        String sink = System.getenv("HARNESS_SIM_NET");
        if (sink == null || sink.isBlank()) return;
        int colon = sink.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getByAddress(sink.substring(0, colon), new byte[] {127, 0, 0, 1}),
                Integer.parseInt(sink.substring(colon + 1)));
        installNameService();
        ProxySelector.setDefault(new SinkSelector(new java.net.Proxy(java.net.Proxy.Type.SOCKS, address)));
        String udp = System.getenv("HARNESS_SIM_NET_UDP");
        if (udp != null && !udp.isBlank()) {
            String[] parts = udp.split(":");
            InetAddress loopback = InetAddress.getByAddress(parts[0], new byte[] {127, 0, 0, 1});
            System.getProperties().put("harness.sim.udp", new UdpRedirect(
                    new InetSocketAddress(loopback, Integer.parseInt(parts[1])),
                    new InetSocketAddress(loopback, Integer.parseInt(parts[2]))));
        }
        String ca = System.getenv("HARNESS_SIM_NET_CA");
        if (ca != null && !ca.isBlank()) trust(Path.of(ca));
    }

    private static void installNameService() throws Exception {
        Class<?> type = Class.forName("java.net.InetAddress$NameService");
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "lookupAllHostAddr":
                    return new InetAddress[] {InetAddress.getByAddress((String) args[0], new byte[] {127, 0, 0, 1})};
                case "getHostByAddr":
                    throw new UnknownHostException("no reverse look-up on the simulated device");
                default:
                    return method.invoke(proxy, args);
            }
        };
        Object service = Proxy.newProxyInstance(null, new Class<?>[] {type}, handler);
        Field field = InetAddress.class.getDeclaredField("nameService");
        field.setAccessible(true);
        field.set(null, service);
    }

    /** A PKCS#12 trust store holding the sink's CA, written once next to the CA file. */
    private static void trust(Path caPem) throws Exception {
        Path store = caPem.resolveSibling("truststore.p12");
        if (!Files.isRegularFile(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(caPem)) {
                Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
                ks.setCertificateEntry("harness-sim-ca", cert);
            }
            // Written aside, then moved: the :push process may start at the same moment.
            Path tmp = Files.createTempFile(caPem.getParent(), "truststore", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, STORE_PASSWORD.toCharArray());
            }
            Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
    }

    /** Loopback stays direct (the device's own control sockets); everything else goes to the sink. */
    static final class SinkSelector extends ProxySelector {
        private final List<java.net.Proxy> sink;

        SinkSelector(java.net.Proxy proxy) { this.sink = List.of(proxy); }

        @Override
        public List<java.net.Proxy> select(URI uri) {
            String host = uri.getHost();
            if (host == null) host = uri.getAuthority();
            return isLoopback(host) ? List.of(java.net.Proxy.NO_PROXY) : sink;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    }

    /**
     * Where a datagram goes on the simulated device (called by the JDK's DatagramChannelImpl,
     * patched by SimAgent, with {"send" | "connect", destination}): null (unchanged) for
     * loopback literals and "localhost"; else the sink's data port, after a registration on its
     * control port: "HSIMUDP1" + 0 (this datagram) or 1 (a connect: every datagram of the
     * socket) + the sending socket's local port (2 bytes) + a SOCKS5 address
     * (RFC 1928: type 3 and the name as the app gave it, or type 1/4 and the address) + port.
     * Loopback delivers datagrams in the order they were sent, so the sink reads the
     * registration before the datagram. A registration that cannot be sent leaves the datagram
     * at the sink all the same (recorded without its destination); nothing leaves the machine.
     */
    static final class UdpRedirect implements java.util.function.BiFunction<Object, Object, Object> {
        private static final byte[] MAGIC = "HSIMUDP1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final InetSocketAddress data;
        private final InetSocketAddress control;
        private java.nio.channels.DatagramChannel registrar; // loopback literal: not redirected

        UdpRedirect(InetSocketAddress data, InetSocketAddress control) {
            this.data = data;
            this.control = control;
        }

        @Override
        public Object apply(Object channel, Object args) {
            Object[] call = (Object[]) args;
            if (!(call[1] instanceof InetSocketAddress)) return null;
            InetSocketAddress target = (InetSocketAddress) call[1];
            InetAddress address = target.getAddress();
            String name = target.getHostString();
            boolean literalLoopback = address != null && address.isLoopbackAddress()
                    && (isLoopback(name) || name.equals(address.getHostAddress()));
            if (literalLoopback || target.equals(data) || target.equals(control)) return null;
            try {
                java.nio.channels.DatagramChannel dc = (java.nio.channels.DatagramChannel) channel;
                if ("connect".equals(call[0]) && dc.getLocalAddress() == null) dc.bind(null);
                SocketAddress local = dc.getLocalAddress();
                int port = local instanceof InetSocketAddress ? ((InetSocketAddress) local).getPort() : 0;
                register("connect".equals(call[0]), port, target);
            } catch (IOException | RuntimeException e) {
                // the datagram still goes to the sink, which records it without a destination
            }
            if (!"connect".equals(call[0])) return data;
            // A connected socket keeps the name the app gave as its peer's host (what
            // getInetAddress().getHostName() answers); its port is the sink's.
            try {
                return new InetSocketAddress(InetAddress.getByAddress(name, data.getAddress().getAddress()), data.getPort());
            } catch (IOException e) {
                return data;
            }
        }

        private synchronized void register(boolean sticky, int localPort, InetSocketAddress target)
                throws IOException {
            byte[] host;
            byte type;
            InetAddress address = target.getAddress();
            String name = target.getHostString();
            boolean named = address == null || !name.equals(address.getHostAddress());
            if (named) {
                byte[] text = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                host = new byte[1 + Math.min(text.length, 255)];
                host[0] = (byte) (host.length - 1);
                System.arraycopy(text, 0, host, 1, host.length - 1);
                type = 3;
            } else {
                host = address.getAddress();
                type = (byte) (host.length == 4 ? 1 : 4);
            }
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(MAGIC.length + 1 + 2 + 1 + host.length + 2);
            out.put(MAGIC).put((byte) (sticky ? 1 : 0)).putShort((short) localPort).put(type).put(host).putShort((short) target.getPort());
            out.flip();
            if (registrar == null) registrar = java.nio.channels.DatagramChannel.open();
            registrar.send(out, control);
        }
    }

    static boolean isLoopback(String host) {
        if (host == null) return true;
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
