package android.webkit;

import android.content.Context;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * A minimal WebView: loadUrl/postUrl fetch the page (http and https only) through the device's
 * network and discard it; there is no rendering and no JavaScript. The request is made inside
 * the call, so that the agent sees one transmission (the WebView's), not a second one from the
 * HTTP stack underneath.
 */
public class WebView {
    private final Context context;
    private String url;

    public WebView(Context context) {
        this.context = context;
    }

    public Context getContext() { return context; }

    public String getUrl() { return url; }

    public void loadUrl(String url) {
        loadUrl(url, null);
    }

    public void loadUrl(String url, Map<String, String> additionalHttpHeaders) {
        this.url = url;
        fetch(url, "GET", additionalHttpHeaders, null);
    }

    public void postUrl(String url, byte[] postData) {
        this.url = url;
        fetch(url, "POST", null, postData);
    }

    private static void fetch(String url, String method, Map<String, String> headers, byte[] body) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) return;
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setRequestMethod(method);
            if (headers != null) {
                for (Map.Entry<String, String> h : headers.entrySet()) c.setRequestProperty(h.getKey(), h.getValue());
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[4096];
                while (in.read(buf) > 0) { /* the page is not rendered */ }
            }
        } catch (Exception e) {
            android.util.Log.w("chromium", "page load failed: " + e);
        }
    }
}
