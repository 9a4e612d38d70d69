package dev.calicoctl.datastore.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shapes of etcd's JSON gateway requests (compares and ops of a transaction), keys and values in base64. */
final class EtcdRequests {
    private EtcdRequests() {}

    static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    static String unb64(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }

    /** A JSON object of the etcd gateway's request shapes, written by Json (Jackson's generator). */
    static Map<String, Object> obj(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    static Map<String, Object> obj(String k1, Object v1, String k2, Object v2, String k3, Object v3, String k4, Object v4) {
        Map<String, Object> m = obj(k1, v1);
        m.put(k2, v2);
        m.put(k3, v3);
        m.put(k4, v4);
        return m;
    }

    static Object put(String key, String value) {
        Map<String, Object> put = obj("key", b64(key));
        put.put("value", b64(value));
        return obj("request_put", put);
    }

    static Object deleteOp(String key) { return obj("request_delete_range", obj("key", b64(key))); }

    static Object absent(String key) {
        return obj("key", b64(key), "target", "CREATE", "result", "EQUAL", "create_revision", "0");
    }

    static Object exists(String key) {
        return obj("key", b64(key), "target", "CREATE", "result", "GREATER", "create_revision", "0");
    }

    static Object modIs(String key, long rev) {
        return obj("key", b64(key), "target", "MOD", "result", "EQUAL", "mod_revision", Long.toString(rev));
    }

    static Object valueIs(String key, String value) {
        return obj("key", b64(key), "target", "VALUE", "result", "EQUAL", "value", b64(value));
    }

    static Object countOp(String key) {
        Map<String, Object> range = obj("key", b64(key));
        range.put("count_only", true);
        return obj("request_range", range);
    }
}
