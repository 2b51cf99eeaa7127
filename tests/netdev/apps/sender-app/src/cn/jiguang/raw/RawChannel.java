package cn.jiguang.raw;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A (fake) push SDK's own TCP protocol: one line on a plain socket. */
public final class RawChannel {
    private RawChannel() {}

    public static String register(String imei) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(imei.getBytes(StandardCharsets.UTF_8));
        StringBuilder sha1 = new StringBuilder();
        for (byte b : digest) sha1.append(String.format("%02x", b));
        try (Socket s = new Socket("s.jpush.example", 7000)) {
            OutputStream out = s.getOutputStream();
            out.write(("REG " + sha1 + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return "written";
    }

    /** One line on a TLS socket the SDK opens itself. */
    public static String hello(String androidId) throws Exception {
        javax.net.SocketFactory factory = javax.net.ssl.SSLSocketFactory.getDefault();
        try (Socket s = factory.createSocket("push.jiguang.example", 5223)) {
            OutputStream out = s.getOutputStream();
            out.write(("HELLO " + androidId + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return "written";
    }
}
