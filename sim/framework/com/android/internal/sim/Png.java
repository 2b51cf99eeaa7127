package com.android.internal.sim;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG writer for the device's screenshots: 8-bit RGB, every row unfiltered, deflated at the
 * fastest level by the JDK's zlib. Why not ImageIO's PNG writer: it picks a filter per row by
 * trying all five in Java, which under the sim's C1-only JIT took 130-260 ms for one 1080x2400
 * screen on the 2-core build machine, against 34-47 ms here (benchmarks/bench_run_phases.py
 * counts a picture per phase). A screen is mostly flat colour, so unfiltered rows cost little
 * size (157 KB against ImageIO's 126 KB for a dialog). The pixels are the same, and the same
 * screen still gives the same bytes: nothing here depends on the time or the machine.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /** The PNG of an image of type TYPE_INT_RGB (what ScreenRenderer draws into). */
    public static byte[] encode(BufferedImage img) throws IOException {
        if (img.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IOException("Png.encode takes TYPE_INT_RGB images, not type " + img.getType());
        }
        int w = img.getWidth(), h = img.getHeight();
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        ByteArrayOutputStream file = new ByteArrayOutputStream(256 * 1024);
        DataOutputStream out = new DataOutputStream(file);
        out.write(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        DataOutputStream hd = new DataOutputStream(header);
        hd.writeInt(w);
        hd.writeInt(h);
        hd.write(new byte[] {8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, no filter, no interlace
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IDAT", deflateRows(px, w, h));
        chunk(out, "IEND", new byte[0]);
        return file.toByteArray();
    }

    private static byte[] deflateRows(int[] px, int w, int h) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            ByteArrayOutputStream z = new ByteArrayOutputStream(256 * 1024);
            byte[] row = new byte[1 + w * 3];  // row[0] = 0: filter type None
            byte[] buf = new byte[64 * 1024];
            for (int y = 0; y < h; y++) {
                int o = y * w;
                for (int x = 0, j = 1; x < w; x++) {
                    int p = px[o + x];
                    row[j++] = (byte) (p >> 16);
                    row[j++] = (byte) (p >> 8);
                    row[j++] = (byte) p;
                }
                deflater.setInput(row);
                while (!deflater.needsInput()) z.write(buf, 0, deflater.deflate(buf));
            }
            deflater.finish();
            while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
            return z.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
