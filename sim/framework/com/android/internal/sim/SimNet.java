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

    static boolean isLoopback(String host) {
        if (host == null) return true;
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
