package com.android.internal.sim;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.NetworkInterface;
import java.security.ProtectionDomain;

import jdk.internal.org.objectweb.asm.ClassReader;
import jdk.internal.org.objectweb.asm.ClassVisitor;
import jdk.internal.org.objectweb.asm.ClassWriter;
import jdk.internal.org.objectweb.asm.Label;
import jdk.internal.org.objectweb.asm.MethodVisitor;
import jdk.internal.org.objectweb.asm.Opcodes;

/**
 * The simulated device's JVM agent (-javaagent, loaded before AppMain): makes the JDK's own
 * java.net.NetworkInterface.getHardwareAddress() report the device's documented Wi-Fi MAC
 * (DeviceData.WIFI_MAC) instead of the host machine's, as every other identifier of the device
 * is its documented data. An interface without a hardware address (loopback) keeps null.
 *
 * The JDK's class is not replaced: each `return` of getHardwareAddress() gets a few
 * instructions in front (with the JDK's internal copy of ASM), which return a copy of the byte
 * array kept in the system property object "harness.sim.mac" when the original found one. This
 * is compiled apart from the framework (it needs --add-exports, which --release forbids) and is
 * the only class of the sim that touches the JDK's code.
 *
 * It also sends the app's UDP to the device's sink: sun.nio.ch.DatagramChannelImpl (behind
 * DatagramSocket and DatagramChannel alike) gets a few instructions at the start of its private
 * send(FileDescriptor, ByteBuffer, InetSocketAddress) and of connect(SocketAddress, boolean),
 * which hand the destination to the BiFunction kept in the system property object
 * "harness.sim.udp" (SimNet's, from the app's class loader: the JDK's classes cannot name it)
 * and use the address it returns. The app's buffer, byte count and exceptions are untouched.
 */
public final class SimAgent {
    static final String PROPERTY = "harness.sim.mac";
    static final String UDP_PROPERTY = "harness.sim.udp";
    private static final String TARGET = "java/net/NetworkInterface";
    private static final String DATAGRAM = "sun/nio/ch/DatagramChannelImpl";
    private static final String SEND_DESC = "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I";
    private static final String CONNECT_DESC = "(Ljava/net/SocketAddress;Z)Ljava/nio/channels/DatagramChannel;";

    private SimAgent() {}

    public static void premain(String args, Instrumentation inst) throws Exception {
        System.getProperties().put(PROPERTY, mac(DeviceData.WIFI_MAC));
        ClassFileTransformer transformer = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (TARGET.equals(name)) return patch(bytes);
                return DATAGRAM.equals(name) ? patchDatagram(bytes) : null;
            }
        };
        inst.addTransformer(transformer, true);
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (loaded == NetworkInterface.class || loaded.getName().equals("sun.nio.ch.DatagramChannelImpl")) {
                inst.retransformClasses(loaded);
            }
        }
    }

    static byte[] mac(String text) {
        String[] parts = text.split(":");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }

    static byte[] patch(byte[] bytes) {
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    // Loading the class being defined would be circular: it extends Object.
                    if (a.equals(TARGET) || b.equals(TARGET)) return a.equals(b) ? a : "java/lang/Object";
                    return super.getCommonSuperClass(a, b);
                }
            };
            reader.accept(new ClassVisitor(Opcodes.ASM8, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                    MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                    if (!name.equals("getHardwareAddress") || !desc.equals("()[B")) return mv;
                    return new MethodVisitor(Opcodes.ASM8, mv) {
                        @Override
                        public void visitInsn(int opcode) {
                            if (opcode == Opcodes.ARETURN) deviceMac(mv);
                            super.visitInsn(opcode);
                        }
                    };
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            System.err.println("sim: NetworkInterface not patched (" + e + "); the host's MAC shows");
            return null;
        }
    }

    static byte[] patchDatagram(byte[] bytes) {
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    if (a.equals(DATAGRAM) || b.equals(DATAGRAM)) return a.equals(b) ? a : "java/lang/Object";
                    return super.getCommonSuperClass(a, b);
                }
            };
            reader.accept(new ClassVisitor(Opcodes.ASM8, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                    MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                    int slot;
                    if (name.equals("send") && desc.equals(SEND_DESC)) slot = 3; // the target
                    else if (name.equals("connect") && desc.equals(CONNECT_DESC)) slot = 1;
                    else return mv;
                    String kind = slot == 3 ? "send" : "connect";
                    String type = slot == 3 ? "java/net/InetSocketAddress" : "java/net/SocketAddress";
                    return new MethodVisitor(Opcodes.ASM8, mv) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            redirect(mv, kind, slot, type);
                        }
                    };
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            System.err.println("sim: DatagramChannelImpl not patched (" + e + "); UDP is not redirected");
            return null;
        }
    }

    /**
     * At a method's start: local `slot` (the destination) = hook.apply(this, {kind, it}) when
     * the hook is installed and returns an address, else unchanged. The stack is empty after.
     */
    private static void redirect(MethodVisitor mv, String kind, int slot, String type) {
        Label none = new Label();
        Label keep = new Label();
        Label done = new Label();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties", "()Ljava/util/Properties;", false);
        mv.visitLdcInsn(UDP_PROPERTY);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.DUP);                       // [hook, hook]
        mv.visitJumpInsn(Opcodes.IFNULL, none);          // [hook]
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/util/function/BiFunction");
        mv.visitVarInsn(Opcodes.ALOAD, 0);               // [hook, this]
        mv.visitInsn(Opcodes.ICONST_2);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
        mv.visitInsn(Opcodes.DUP);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitLdcInsn(kind);
        mv.visitInsn(Opcodes.AASTORE);
        mv.visitInsn(Opcodes.DUP);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        mv.visitInsn(Opcodes.AASTORE);                   // [hook, this, args]
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/BiFunction", "apply",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", true);
        mv.visitInsn(Opcodes.DUP);                       // [r, r]
        mv.visitJumpInsn(Opcodes.IFNULL, keep);          // [r]
        mv.visitTypeInsn(Opcodes.CHECKCAST, type);
        mv.visitVarInsn(Opcodes.ASTORE, slot);           // []
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(keep);                             // [null]
        mv.visitInsn(Opcodes.POP);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(none);                             // [null]
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(done);                             // []
    }

    /** Stack [result] -> [result or a copy of the device MAC]; every label has one predecessor. */
    private static void deviceMac(MethodVisitor mv) {
        Label none = new Label();
        Label nullResult = new Label();
        Label done = new Label();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties", "()Ljava/util/Properties;", false);
        mv.visitLdcInsn(PROPERTY);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.DUP);                       // [res, mac, mac]
        mv.visitJumpInsn(Opcodes.IFNULL, none);          // [res, mac]
        mv.visitInsn(Opcodes.SWAP);                      // [mac, res]
        mv.visitJumpInsn(Opcodes.IFNULL, nullResult);    // [mac]
        mv.visitTypeInsn(Opcodes.CHECKCAST, "[B");
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "[B", "clone", "()Ljava/lang/Object;", false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "[B");
        mv.visitJumpInsn(Opcodes.GOTO, done);            // [byte[]]
        mv.visitLabel(nullResult);                       // [mac]
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "[B");
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(none);                             // [res, null]
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(done);                             // [byte[]]
    }
}
