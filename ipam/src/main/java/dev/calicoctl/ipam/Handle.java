package dev.calicoctl.ipam;

import dev.calicoctl.model.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** An IPAM handle: how many addresses it holds in each block ({"block": {"10.0.0.0/26": 2}}). */
public final class Handle {
    final String id;
    final TreeMap<String, Integer> blocks = new TreeMap<>();
    boolean deleted;
    long revision;

    Handle(String id) { this.id = id; }

    public String id() { return id; }
    public Map<String, Integer> blocks() { return blocks; }
    public long revision() { return revision; }

    public int total() {
        int n = 0;
        for (int c : blocks.values()) n += c;
        return n;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("block", new TreeMap<String, Object>(blocks));
        m.put("deleted", deleted);
        return Json.write(m);
    }

    static Handle fromJson(String id, String json, long revision) {
        Map<String, Object> m = Json.parseObject(json);
        Handle h = new Handle(id);
        if (m.get("block") instanceof Map<?, ?> b) {
            for (Map.Entry<?, ?> e : b.entrySet()) if (e.getValue() instanceof Number n) h.blocks.put(String.valueOf(e.getKey()), n.intValue());
        }
        h.deleted = Boolean.TRUE.equals(m.get("deleted"));
        h.revision = revision;
        return h;
    }
}
