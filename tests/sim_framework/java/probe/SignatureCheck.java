package probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/**
 * Reads one expected member per stdin line and prints "ok" or what differs:
 *   M|class|name|static or instance|return type|param,types   (declared on exactly that class)
 *   C|class|param,types                                        (public constructor)
 *   F|class|name|static or instance|type                       (public field)
 *   A|class|name|param,types                                   (declared abstract)
 * Type names are Class.getTypeName() forms: java.lang.String, int, java.lang.String[].
 */
public final class SignatureCheck {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            String verdict;
            try {
                verdict = check(line.split("\\|", -1));
            } catch (ClassNotFoundException e) {
                verdict = "no class " + e.getMessage();
            } catch (NoSuchMethodException | NoSuchFieldException e) {
                verdict = "missing " + e.getMessage();
            }
            System.out.println(line + "=" + verdict);
        }
    }

    private static String check(String[] f) throws Exception {
        Class<?> cls = Class.forName(f[1], false, SignatureCheck.class.getClassLoader());
        switch (f[0]) {
            case "M": {
                Method m = cls.getDeclaredMethod(f[2], types(f[5]));
                String problems = "";
                if (!Modifier.isPublic(m.getModifiers())) problems += " not public;";
                if (Modifier.isStatic(m.getModifiers()) != f[3].equals("static")) problems += " static-ness differs;";
                if (!m.getReturnType().getTypeName().equals(f[4])) problems += " returns " + m.getReturnType().getTypeName() + ";";
                return problems.isEmpty() ? "ok" : problems.trim();
            }
            case "C": {
                Constructor<?> c = cls.getDeclaredConstructor(types(f[2]));
                return Modifier.isPublic(c.getModifiers()) ? "ok" : "constructor not public";
            }
            case "F": {
                Field field = cls.getField(f[2]);
                String problems = "";
                if (Modifier.isStatic(field.getModifiers()) != f[3].equals("static")) problems += " static-ness differs;";
                if (!field.getType().getTypeName().equals(f[4])) problems += " type " + field.getType().getTypeName() + ";";
                return problems.isEmpty() ? "ok" : problems.trim();
            }
            case "A": {
                Method m = cls.getDeclaredMethod(f[2], types(f[3]));
                return Modifier.isAbstract(m.getModifiers()) ? "ok" : "not abstract";
            }
            default:
                return "bad spec kind " + f[0];
        }
    }

    private static Class<?>[] types(String list) throws ClassNotFoundException {
        if (list.isEmpty()) return new Class<?>[0];
        String[] names = list.split(",");
        Class<?>[] out = new Class<?>[names.length];
        for (int i = 0; i < names.length; i++) out[i] = type(names[i].trim());
        return out;
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) return type(name.substring(0, name.length() - 2)).arrayType();
        switch (name) {
            case "int": return int.class;
            case "long": return long.class;
            case "float": return float.class;
            case "double": return double.class;
            case "boolean": return boolean.class;
            case "short": return short.class;
            case "byte": return byte.class;
            case "char": return char.class;
            default: return Class.forName(name, false, SignatureCheck.class.getClassLoader());
        }
    }
}
