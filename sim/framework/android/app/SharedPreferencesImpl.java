package android.app;

import android.content.SharedPreferences;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

/**
 * SharedPreferences stored in the platform's XML format (data/<pkg>/shared_prefs/<name>.xml).
 * Both commit() and apply() write through at once, so a force-stop right after never loses a
 * value the app has already saved (a real apply() is usually just as fast).
 */
final class SharedPreferencesImpl implements SharedPreferences {
    private final File mFile;
    private final Map<String, Object> mMap = new HashMap<>();
    private final Set<OnSharedPreferenceChangeListener> mListeners = new LinkedHashSet<>();

    SharedPreferencesImpl(File file) {
        mFile = file;
        load();
    }

    synchronized void forget() { mMap.clear(); }

    private void load() {
        if (!mFile.isFile()) return;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder().parse(mFile).getDocumentElement();
            NodeList items = root.getChildNodes();
            for (int i = 0; i < items.getLength(); i++) {
                if (!(items.item(i) instanceof Element)) continue;
                Element e = (Element) items.item(i);
                String name = e.getAttribute("name");
                String value = e.getAttribute("value");
                switch (e.getTagName()) {
                    case "string": mMap.put(name, e.getTextContent()); break;
                    case "boolean": mMap.put(name, Boolean.parseBoolean(value)); break;
                    case "int": mMap.put(name, Integer.parseInt(value)); break;
                    case "long": mMap.put(name, Long.parseLong(value)); break;
                    case "float": mMap.put(name, Float.parseFloat(value)); break;
                    case "set": {
                        Set<String> set = new HashSet<>();
                        NodeList strings = e.getElementsByTagName("string");
                        for (int j = 0; j < strings.getLength(); j++) set.add(strings.item(j).getTextContent());
                        mMap.put(name, set);
                        break;
                    }
                    default: break;
                }
            }
        } catch (Exception e) {
            // A corrupt file reads as empty, as Android does after logging it.
            android.util.Log.e("SharedPreferencesImpl", "Cannot read " + mFile + ": " + e);
            mMap.clear();
        }
    }

    @Override public synchronized Map<String, ?> getAll() { return new HashMap<>(mMap); }

    private synchronized Object value(String key) { return mMap.get(key); }

    @Override public String getString(String key, String defValue) {
        Object v = value(key);
        return v != null ? (String) v : defValue;
    }

    @SuppressWarnings("unchecked")
    @Override public Set<String> getStringSet(String key, Set<String> defValues) {
        Object v = value(key);
        return v != null ? (Set<String>) v : defValues;
    }

    @Override public int getInt(String key, int defValue) {
        Object v = value(key);
        return v != null ? (Integer) v : defValue;
    }

    @Override public long getLong(String key, long defValue) {
        Object v = value(key);
        return v != null ? (Long) v : defValue;
    }

    @Override public float getFloat(String key, float defValue) {
        Object v = value(key);
        return v != null ? (Float) v : defValue;
    }

    @Override public boolean getBoolean(String key, boolean defValue) {
        Object v = value(key);
        return v != null ? (Boolean) v : defValue;
    }

    @Override public synchronized boolean contains(String key) { return mMap.containsKey(key); }

    @Override public Editor edit() { return new EditorImpl(); }

    @Override public synchronized void registerOnSharedPreferenceChangeListener(OnSharedPreferenceChangeListener l) {
        mListeners.add(l);
    }

    @Override public synchronized void unregisterOnSharedPreferenceChangeListener(OnSharedPreferenceChangeListener l) {
        mListeners.remove(l);
    }

    private static final Object REMOVE = new Object();

    private final class EditorImpl implements Editor {
        private final Map<String, Object> mModified = new HashMap<>();
        private boolean mClear;

        private Editor put(String key, Object value) {
            synchronized (this) {
                mModified.put(key, value == null ? REMOVE : value);
            }
            return this;
        }

        @Override public Editor putString(String key, String value) { return put(key, value); }
        @Override public Editor putStringSet(String key, Set<String> values) {
            return put(key, values == null ? null : new HashSet<>(values));
        }
        @Override public Editor putInt(String key, int value) { return put(key, value); }
        @Override public Editor putLong(String key, long value) { return put(key, value); }
        @Override public Editor putFloat(String key, float value) { return put(key, value); }
        @Override public Editor putBoolean(String key, boolean value) { return put(key, value); }
        @Override public Editor remove(String key) { return put(key, null); }
        @Override public synchronized Editor clear() { mClear = true; return this; }

        @Override public boolean commit() {
            List<String> changed = new ArrayList<>();
            List<OnSharedPreferenceChangeListener> listeners;
            synchronized (SharedPreferencesImpl.this) {
                synchronized (this) {
                    if (mClear) mMap.clear();
                    for (Map.Entry<String, Object> e : mModified.entrySet()) {
                        if (e.getValue() == REMOVE) mMap.remove(e.getKey());
                        else mMap.put(e.getKey(), e.getValue());
                        changed.add(e.getKey());
                    }
                    mModified.clear();
                    mClear = false;
                }
                listeners = new ArrayList<>(mListeners);
                if (!write()) return false;
            }
            for (String key : changed) {
                for (OnSharedPreferenceChangeListener l : listeners) l.onSharedPreferenceChanged(SharedPreferencesImpl.this, key);
            }
            return true;
        }

        @Override public void apply() { commit(); }
    }

    private boolean write() {
        StringBuilder b = new StringBuilder("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n");
        for (Map.Entry<String, Object> e : new TreeMap<>(mMap).entrySet()) {
            String name = esc(e.getKey());
            Object v = e.getValue();
            if (v instanceof String) {
                b.append("    <string name=\"").append(name).append("\">").append(esc((String) v)).append("</string>\n");
            } else if (v instanceof Set) {
                b.append("    <set name=\"").append(name).append("\">\n");
                for (Object s : (Set<?>) v) b.append("        <string>").append(esc(String.valueOf(s))).append("</string>\n");
                b.append("    </set>\n");
            } else {
                String tag = v instanceof Boolean ? "boolean" : v instanceof Integer ? "int" : v instanceof Long ? "long" : "float";
                b.append("    <").append(tag).append(" name=\"").append(name).append("\" value=\"").append(v).append("\" />\n");
            }
        }
        b.append("</map>\n");
        try {
            File dir = mFile.getParentFile();
            dir.mkdirs();
            File tmp = new File(dir, mFile.getName() + ".bak");
            try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp.toPath(), mFile.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            android.util.Log.e("SharedPreferencesImpl", "Cannot write " + mFile + ": " + e);
            return false;
        }
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append('\uFFFD');
                    else b.append(c);
            }
        }
        return b.toString();
    }
}
