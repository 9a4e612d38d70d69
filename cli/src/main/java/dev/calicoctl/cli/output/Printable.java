package dev.calicoctl.cli.output;

import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `get` hands a printer: either one resource, or a list of one kind (printed as a
 * &lt;Kind&gt;List object whose metadata carries the store revision it was read at, when known),
 * exactly the objects calicoctl passes its printers.
 */
public record Printable(Kind kind, List<Resource> items, boolean isList, String resourceVersion) {
    public static Printable single(Resource r) { return new Printable(r.kind(), List.of(r), false, null); }
    public static Printable list(Kind kind, List<Resource> items) { return new Printable(kind, items, true, null); }
    public static Printable list(Kind kind, List<Resource> items, String resourceVersion) { return new Printable(kind, items, true, resourceVersion); }

    /** The tree to serialise: the resource itself, or {kind: XList, apiVersion, metadata, items}. */
    public Object tree() {
        if (!isList) return items.get(0).canonical();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.listName());
        m.put("apiVersion", Resource.API_VERSION);
        Map<String, Object> meta = new LinkedHashMap<>();
        if (resourceVersion != null) meta.put("resourceVersion", resourceVersion);
        m.put("metadata", meta);
        List<Object> l = new ArrayList<>();
        for (Resource r : items) l.add(r.canonical());
        m.put("items", l);
        return m;
    }
}
