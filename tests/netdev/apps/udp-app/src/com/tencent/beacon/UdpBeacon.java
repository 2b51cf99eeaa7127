package com.tencent.beacon;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A (fake) analytics SDK's UDP beacon: what apps send when they want no HTTP round trip. */
public final class UdpBeacon {
    private UdpBeacon() {}

    private static String md5(String text) throws Exception {
        StringBuilder out = new StringBuilder();
        for (byte b : MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8))) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    /** An unconnected socket, a packet addressed to a host name. */
    public static String toName(String imei) throws Exception {
        byte[] data = ("BEACON did=" + md5(imei)).getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(data, data.length, InetAddress.getByName("beacon.udp.example"), 9999));
        }
        return "sent " + data.length;
    }

    /** A packet to a public address literal: on the device it must reach the sink, not the net. */
    public static String toLiteral(String androidId) throws Exception {
        byte[] data = ("aid:" + androidId).getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(data, 2, data.length - 2, InetAddress.getByName("203.0.113.9"), 5353));
        }
        return "sent " + (data.length - 2);
    }

    /** A connected socket: two packets without an address of their own. */
    public static String connected(String imei) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress("stats.udp.example", 4000));
            for (String text : new String[] {"hello", "imei=" + imei}) {
                byte[] data = text.getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(data, data.length));
            }
            return "sent to " + s.getInetAddress().getHostName();
        }
    }

    /** NIO: DatagramChannel.send(buffer, target), the buffer left consumed as the JDK leaves it. */
    public static String channel(String androidId) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ByteBuffer buffer = ByteBuffer.wrap(("nio " + androidId).getBytes(StandardCharsets.UTF_8));
            int n = ch.send(buffer, new InetSocketAddress("nio.udp.example", 7777));
            return "sent " + n + " left " + buffer.remaining();
        }
    }

    /** Loopback stays loopback: a socket of the app's own receives it. */
    public static String loopback() throws Exception {
        try (DatagramSocket in = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             DatagramSocket out = new DatagramSocket()) {
            in.setSoTimeout(10000);
            byte[] data = "local".getBytes(StandardCharsets.UTF_8);
            out.send(new DatagramPacket(data, data.length, InetAddress.getByName("127.0.0.1"), in.getLocalPort()));
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            in.receive(got);
            return "received " + new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8);
        }
    }
}
