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
 */
public final class SimAgent {
    static final String PROPERTY = "harness.sim.mac";
    private static final String TARGET = "java/net/NetworkInterface";

    private SimAgent() {}

    public static void premain(String args, Instrumentation inst) throws Exception {
        System.getProperties().put(PROPERTY, mac(DeviceData.WIFI_MAC));
        ClassFileTransformer transformer = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                return TARGET.equals(name) ? patch(bytes) : null;
            }
        };
        inst.addTransformer(transformer, true);
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (loaded == NetworkInterface.class) inst.retransformClasses(loaded);
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
