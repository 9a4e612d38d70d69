package dev.calicoctl.cli.output;

import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `get` hands a printer: either one resource, or a list of one kind (printed as a
 * &lt;Kind&gt;List object), exactly the objects calicoctl passes its printers.
 */
public record Printable(Kind kind, List<Resource> items, boolean isList) {
    public static Printable single(Resource r) { return new Printable(r.kind(), List.of(r), false); }
    public static Printable list(Kind kind, List<Resource> items) { return new Printable(kind, items, true); }

    /** The tree to serialise: the resource itself, or {kind: XList, apiVersion, metadata, items}. */
    public Object tree() {
        if (!isList) return items.get(0).canonical();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.listName());
        m.put("apiVersion", Resource.API_VERSION);
        m.put("metadata", new LinkedHashMap<String, Object>());
        List<Object> l = new ArrayList<>();
        for (Resource r : items) l.add(r.canonical());
        m.put("items", l);
        return m;
    }
}
