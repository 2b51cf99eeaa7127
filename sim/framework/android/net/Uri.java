package android.net;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable URI reference, parsed leniently as Android does: {@link #parse} never throws, and
 * the parts are split on the first ':', '//', '/', '?' and '#' of the string.
 */
public abstract class Uri implements Comparable<Uri> {
    public static final Uri EMPTY = new StringUri("");

    Uri() {}

    public static Uri parse(String uriString) {
        if (uriString == null) throw new NullPointerException("uriString");
        return new StringUri(uriString);
    }

    public static Uri fromParts(String scheme, String ssp, String fragment) {
        if (scheme == null) throw new NullPointerException("scheme");
        if (ssp == null) throw new NullPointerException("ssp");
        return new StringUri(scheme + ":" + encode(ssp) + (fragment == null ? "" : "#" + encode(fragment)));
    }

    public static Uri withAppendedPath(Uri baseUri, String pathSegment) {
        return baseUri.buildUpon().appendEncodedPath(pathSegment).build();
    }

    public static String encode(String s) {
        return s == null ? null : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String decode(String s) {
        return s == null ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public abstract String getScheme();
    public abstract String getEncodedSchemeSpecificPart();
    public abstract String getEncodedAuthority();
    public abstract String getEncodedPath();
    public abstract String getEncodedQuery();
    public abstract String getEncodedFragment();

    public String getSchemeSpecificPart() { return decode(getEncodedSchemeSpecificPart()); }
    public String getAuthority() { return decode(getEncodedAuthority()); }
    public String getPath() { return decode(getEncodedPath()); }
    public String getQuery() { return decode(getEncodedQuery()); }
    public String getFragment() { return decode(getEncodedFragment()); }

    public boolean isHierarchical() {
        String ssp = getEncodedSchemeSpecificPart();
        return getScheme() == null || ssp.isEmpty() || ssp.charAt(0) == '/';
    }

    public boolean isOpaque() { return !isHierarchical(); }
    public boolean isAbsolute() { return getScheme() != null; }
    public boolean isRelative() { return getScheme() == null; }

    public String getHost() {
        String authority = getEncodedAuthority();
        if (authority == null) return null;
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        return decode(colon >= 0 && !hostPort.endsWith("]") ? hostPort.substring(0, colon) : hostPort);
    }

    public int getPort() {
        String authority = getEncodedAuthority();
        if (authority == null) return -1;
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) return -1;
        try {
            return Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public List<String> getPathSegments() {
        String path = getEncodedPath();
        if (path == null) return Collections.emptyList();
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) segments.add(decode(s));
        }
        return Collections.unmodifiableList(segments);
    }

    public String getLastPathSegment() {
        List<String> segments = getPathSegments();
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    public String getQueryParameter(String key) {
        List<String> values = getQueryParameters(key);
        return values.isEmpty() ? null : values.get(0);
    }

    public List<String> getQueryParameters(String key) {
        String query = getEncodedQuery();
        if (query == null) return Collections.emptyList();
        List<String> values = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq >= 0 ? pair.substring(0, eq) : pair);
            if (name.equals(key)) values.add(eq >= 0 ? decode(pair.substring(eq + 1)) : "");
        }
        return Collections.unmodifiableList(values);
    }

    public java.util.Set<String> getQueryParameterNames() {
        String query = getEncodedQuery();
        if (query == null) return Collections.emptySet();
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            names.add(decode(eq >= 0 ? pair.substring(0, eq) : pair));
        }
        return Collections.unmodifiableSet(names);
    }

    public Builder buildUpon() {
        return new Builder().scheme(getScheme()).encodedAuthority(getEncodedAuthority())
            .encodedPath(getEncodedPath()).encodedQuery(getEncodedQuery()).encodedFragment(getEncodedFragment());
    }

    @Override
    public abstract String toString();

    @Override
    public boolean equals(Object o) {
        return o instanceof Uri u && toString().equals(u.toString());
    }

    @Override
    public int hashCode() { return toString().hashCode(); }

    @Override
    public int compareTo(Uri other) { return toString().compareTo(other.toString()); }

    /** Builds hierarchical URIs part by part. */
    public static final class Builder {
        private String scheme;
        private String authority;
        private StringBuilder path = new StringBuilder();
        private String query;
        private String fragment;

        public Builder() {}

        public Builder scheme(String scheme) { this.scheme = scheme; return this; }
        public Builder authority(String authority) { this.authority = encode(authority); return this; }
        public Builder encodedAuthority(String authority) { this.authority = authority; return this; }
        public Builder path(String path) { return encodedPath(path == null ? null : encode(path).replace("%2F", "/")); }

        public Builder encodedPath(String path) {
            this.path = new StringBuilder(path == null ? "" : path);
            return this;
        }

        public Builder appendPath(String segment) { return appendEncodedPath(encode(segment)); }

        public Builder appendEncodedPath(String segment) {
            if (path.length() == 0 || path.charAt(path.length() - 1) != '/') path.append('/');
            path.append(segment.startsWith("/") ? segment.substring(1) : segment);
            return this;
        }

        public Builder query(String query) { this.query = encode(query); return this; }
        public Builder encodedQuery(String query) { this.query = query; return this; }

        public Builder appendQueryParameter(String key, String value) {
            String pair = encode(key) + "=" + encode(value);
            query = query == null || query.isEmpty() ? pair : query + "&" + pair;
            return this;
        }

        public Builder clearQuery() { query = null; return this; }
        public Builder fragment(String fragment) { this.fragment = encode(fragment); return this; }
        public Builder encodedFragment(String fragment) { this.fragment = fragment; return this; }

        public Uri build() {
            StringBuilder s = new StringBuilder();
            if (scheme != null) s.append(scheme).append(':');
            if (authority != null) s.append("//").append(authority);
            if (path.length() > 0) {
                if (authority != null && path.charAt(0) != '/') s.append('/');
                s.append(path);
            }
            if (query != null) s.append('?').append(query);
            if (fragment != null) s.append('#').append(fragment);
            return new StringUri(s.toString());
        }

        @Override
        public String toString() { return build().toString(); }
    }

    /** The one representation: the original string, split into parts once. */
    private static final class StringUri extends Uri {
        private final String string;
        private final String scheme;
        private final String ssp;
        private final String authority;
        private final String path;
        private final String query;
        private final String fragment;

        StringUri(String string) {
            this.string = string;
            int colon = string.indexOf(':');
            int firstDelimiter = firstIndexOf(string, "/?#", 0);
            boolean hasScheme = colon > 0 && (firstDelimiter < 0 || colon < firstDelimiter);
            this.scheme = hasScheme ? string.substring(0, colon) : null;
            String rest = hasScheme ? string.substring(colon + 1) : string;
            int hash = rest.indexOf('#');
            this.fragment = hash >= 0 ? rest.substring(hash + 1) : null;
            this.ssp = hash >= 0 ? rest.substring(0, hash) : rest;
            boolean hierarchical = scheme == null || ssp.isEmpty() || ssp.charAt(0) == '/';
            if (!hierarchical) {
                authority = null;
                path = null;
                query = null;
                return;
            }
            String tail = ssp;
            if (tail.startsWith("//")) {
                int end = firstIndexOf(tail, "/?", 2);
                authority = end < 0 ? tail.substring(2) : tail.substring(2, end);
                tail = end < 0 ? "" : tail.substring(end);
            } else {
                authority = null;
            }
            int q = tail.indexOf('?');
            query = q >= 0 ? tail.substring(q + 1) : null;
            path = q >= 0 ? tail.substring(0, q) : tail;
        }

        private static int firstIndexOf(String s, String chars, int from) {
            for (int i = from; i < s.length(); i++) {
                if (chars.indexOf(s.charAt(i)) >= 0) return i;
            }
            return -1;
        }

        @Override public String getScheme() { return scheme; }
        @Override public String getEncodedSchemeSpecificPart() { return ssp; }
        @Override public String getEncodedAuthority() { return authority; }
        @Override public String getEncodedPath() { return path; }
        @Override public String getEncodedQuery() { return query; }
        @Override public String getEncodedFragment() { return fragment; }
        @Override public String toString() { return string; }
    }
}
