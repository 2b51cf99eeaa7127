package probe;

import android.util.Base64;
import org.json.JSONArray;
import org.json.JSONObject;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** org.json and android.util.Base64 as apps use them to build request bodies. */
public final class JsonBase64Probe {
    public static void main(String[] args) throws Exception {
        JSONObject device = new JSONObject();
        device.put("imei", "861234567890123");
        device.put("url", "https://a.example/x");
        device.put("n", 3);
        device.put("lat", 39.9042);
        device.put("ok", true);
        device.put("gone", (Object) null);
        device.put("list", new JSONArray().put("a\"b").put(1.0).put(JSONObject.NULL));
        System.out.println("json=" + device);
        JSONObject back = new JSONObject(device.toString());
        System.out.println("parsed=" + back.getString("url") + "|" + back.getInt("n") + "|"
                + back.getDouble("lat") + "|" + back.getJSONArray("list").getString(0) + "|" + back.has("gone"));
        byte[] id = "3f8e2b7c9d104a65".getBytes(StandardCharsets.UTF_8);
        System.out.println("b64.default=" + Base64.encodeToString(id, Base64.DEFAULT).replace("\n", "\\n"));
        System.out.println("b64.nowrap=" + Base64.encodeToString(id, Base64.NO_WRAP));
        System.out.println("b64.urlsafe=" + Base64.encodeToString(new byte[] {(byte) 0xfb, (byte) 0xff}, Base64.URL_SAFE | Base64.NO_PADDING | Base64.NO_WRAP));
        byte[] long60 = new byte[60];
        Arrays.fill(long60, (byte) 'x');
        String wrapped = Base64.encodeToString(long60, Base64.DEFAULT);
        System.out.println("b64.lines=" + wrapped.split("\n", -1).length + "|" + wrapped.indexOf('\n'));
        System.out.println("b64.decode=" + new String(Base64.decode("M2Y4ZTJi\nN2M5ZDEwNGE2NQ", Base64.DEFAULT), StandardCharsets.UTF_8));
        System.out.println("b64.decodeUrl=" + Arrays.toString(Base64.decode("-_8", Base64.URL_SAFE)));
    }
}
