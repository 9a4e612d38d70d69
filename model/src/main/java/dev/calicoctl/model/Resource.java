package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A v3 resource: apiVersion, kind, metadata, spec (and status for some kinds), held as
 * an ordered JSON tree checked against its kind's schema. Typed views (IpPool, …) read it.
 */
public final class Resource {
    public static final String API_VERSION = "projectcalico.org/v3";

    private final Kind kind;
    private final Map<String, Object> tree;

    public Resource(Kind kind, Map<String, Object> tree) {
        this.kind = kind;
        this.tree = tree;
    }

    /** An empty resource of a kind with just a name (and namespace), as the CLI builds from arguments. */
    public static Resource named(Kind kind, String namespace, String name) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("kind", kind.name());
        t.put("apiVersion", API_VERSION);
        Map<String, Object> meta = new LinkedHashMap<>();
        if (name != null) meta.put("name", name);
        if (namespace != null) meta.put("namespace", namespace);
        t.put("metadata", meta);
        t.put("spec", new LinkedHashMap<String, Object>());
        return new Resource(kind, t);
    }

    public Kind kind() { return kind; }
    public Map<String, Object> tree() { return tree; }

    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata() {
        return (Map<String, Object>) tree.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> spec() {
        Object s = tree.get("spec");
        if (!(s instanceof Map)) {
            s = new LinkedHashMap<String, Object>();
            tree.put("spec", s);
        }
        return (Map<String, Object>) s;
    }

    public String name() { return Json.str(metadata().get("name")); }
    public String namespace() { return Json.str(metadata().get("namespace")); }
    public String resourceVersion() { return Json.str(metadata().get("resourceVersion")); }

    public void setNamespace(String ns) { setMeta("namespace", ns); }
    public void setResourceVersion(String rv) { setMeta("resourceVersion", rv); }

    public void setMeta(String field, Object value) {
        if (value == null || "".equals(value)) metadata().remove(field);
        else metadata().put(field, value);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> labels() {
        Object l = metadata().get("labels");
        return l instanceof Map ? (Map<String, String>) l : Map.of();
    }

    /** "IPPool(name)" or "NetworkPolicy(ns/name)", as libcalico-go names a resource key. */
    public String identifier() {
        String ns = namespace();
        return kind.name() + "(" + (kind.namespaced() && ns != null && !ns.isEmpty() ? ns + "/" : "") + name() + ")";
    }

    public Resource copy() {
        return new Resource(kind, Json.deepCopyMap(tree));
    }

    /** The tree in Go's field order with empty optional fields dropped. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> canonical() {
        return (Map<String, Object>) kind.schema().canonical(tree);
    }

    public static List<Map<String, Object>> canonical(List<Resource> rs) {
        List<Map<String, Object>> out = new ArrayList<>(rs.size());
        for (Resource r : rs) out.add(r.canonical());
        return out;
    }
}
