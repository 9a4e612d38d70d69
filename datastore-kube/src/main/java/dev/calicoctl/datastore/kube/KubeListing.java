package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.Comparators;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.WorkloadEndpointNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prefix listings of the etcd key layout over Kubernetes: each collection a prefix reaches (IPAM
 * blocks, affinities, handles and config; every v3 kind's CRD; Nodes, Pods, Namespaces and
 * ServiceAccounts for the derived kinds) read page by page, mapped back to keys and values.
 */
final class KubeListing {
    static final int PAGE = 500;

    private final KubeApi api;
    private final CrdMode mode;

    KubeListing(KubeApi api, CrdMode mode) {
        this.api = api;
        this.mode = mode;
    }

    /** Every key starting with {@code prefix}: each collection the prefix reaches is listed, page by page. */
    List<KeyValue> list(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        if (reaches(prefix, Keys.blockPrefix(4)) || reaches(prefix, Keys.blockPrefix(6))) {
            // one collection for both families; a block whose CIDR does not parse is skipped (etcd skips such keys too)
            for (Map<String, Object> cr : listAll(mode.path("ipamblocks", null), null)) {
                if (Crs.deleted(cr)) continue;
                Cidr c = Cidr.tryParse(String.valueOf(Crs.spec(cr).get("cidr")));
                if (c != null) add(out, prefix, Keys.block(c), Crs.blockFromCr(cr), cr);
            }
        }
        if (reaches(prefix, Keys.IPAM + "host/")) {
            String selector = affinitySelector(prefix);
            for (Map<String, Object> cr : listAll(mode.path("blockaffinities", null), selector)) {
                Map<String, Object> s = Crs.spec(cr);
                Cidr c = Cidr.tryParse(String.valueOf(s.get("cidr")));
                if (c == null || s.get("node") == null || Crs.deleted(cr)) continue;
                if (s.get("type") != null && !"host".equals(s.get("type"))) continue;
                add(out, prefix, Keys.affinity(s.get("node").toString(), c), Crs.affinityFromCr(cr), cr);
            }
        }
        if (reaches(prefix, Keys.HANDLES)) {
            for (Map<String, Object> cr : listAll(mode.path("ipamhandles", null), null)) {
                if (Crs.deleted(cr)) continue;
                add(out, prefix, Keys.handle(Crs.handleIdOf(cr)), Crs.handleFromCr(cr), cr);
            }
        }
        if (reaches(prefix, Keys.IPAM_CONFIG)) {
            KubeApi.Resp r = api.get(mode.path(mode.ipamConfigPlural(), null) + "/default");
            if (r.code() != 404) {
                Map<String, Object> cr = api.ok(r, Keys.IPAM_CONFIG);
                add(out, prefix, Keys.IPAM_CONFIG, Crs.configFromCr(cr), cr);
            }
        }
        for (Kind kind : Kinds.all()) {
            String kp = Keys.resourcePrefix(kind, null);
            if (!reaches(prefix, kp)) continue;
            String ns = null;
            if (kind.namespaced() && prefix.length() > kp.length()) {
                String rest = prefix.substring(kp.length());
                if (rest.indexOf('/') > 0) ns = rest.substring(0, rest.indexOf('/'));
            }
            listKind(kind, ns, prefix, out);
        }
        out.sort(Comparators.by(KeyValue::key));
        return out;
    }

    private static boolean reaches(String prefix, String collection) {
        return collection.startsWith(prefix) || prefix.startsWith(collection);
    }

    private void add(List<KeyValue> out, String prefix, String key, String value, Map<String, Object> cr) {
        if (key.startsWith(prefix)) out.add(new KeyValue(key, value, Crs.revision(cr)));
    }

    /** Host-scoped affinity lists use upstream's labels; a wider list reads them all. */
    private static String affinitySelector(String prefix) {
        String base = Keys.IPAM + "host/";
        if (prefix.length() <= base.length()) return null;
        String[] parts = prefix.substring(base.length()).split("/");
        if (parts.length < 1 || !prefix.substring(base.length()).contains("/")) return null;
        StringBuilder sel = new StringBuilder(Crs.LABEL_HOSTNAME_HASH + "=" + KubeNames.hostnameHash(parts[0]));
        if (parts.length >= 2 && parts[1].startsWith("ipv")) sel.append(',').append(Crs.LABEL_IP_VERSION).append('=').append(parts[1].substring(3));
        return sel.toString();
    }

    private void listKind(Kind kind, String ns, String prefix, List<KeyValue> out) {
        switch (kind.name()) {
            case "Node" -> {
                for (Map<String, Object> n : listAll("/api/v1/nodes", null)) {
                    add(out, prefix, Keys.resource(kind, null, String.valueOf(Crs.meta(n).get("name"))), Derived.node(n), n);
                }
            }
            case "WorkloadEndpoint" -> {
                for (Map<String, Object> p : listAll(ns == null ? "/api/v1/pods" : "/api/v1/namespaces/" + ns + "/pods", null)) {
                    if (!Derived.hasEndpoint(p)) continue;
                    Map<String, Object> m = Crs.meta(p);
                    String name = WorkloadEndpointNames.podEndpoint(Derived.nodeOf(p), String.valueOf(m.get("name")));
                    add(out, prefix, Keys.resource(kind, String.valueOf(m.get("namespace")), name), Derived.workloadEndpoint(p), p);
                }
            }
            case "Profile" -> {
                add(out, prefix, Keys.resource(kind, null, Derived.DEFAULT_ALLOW), Derived.defaultAllowProfile(), Map.of("metadata", Map.of("resourceVersion", "1")));
                for (Map<String, Object> n : listAll("/api/v1/namespaces", null)) {
                    add(out, prefix, Keys.resource(kind, null, "kns." + Crs.meta(n).get("name")), Derived.namespaceProfile(n), n);
                }
                for (Map<String, Object> sa : listAll("/api/v1/serviceaccounts", null)) {
                    Map<String, Object> m = Crs.meta(sa);
                    add(out, prefix, Keys.resource(kind, null, "ksa." + m.get("namespace") + "." + m.get("name")), Derived.serviceAccountProfile(sa), sa);
                }
            }
            default -> {
                String plural = kind == Kinds.IPAM_CONFIGURATION ? mode.ipamConfigPlural() : kind.plural();
                for (Map<String, Object> cr : listAll(mode.path(plural, ns), null)) {
                    if (kind == Kinds.BLOCK_AFFINITY && Crs.deleted(cr)) continue;
                    String value = Crs.resourceFromCr(mode, kind.name(), cr);
                    Map<String, Object> v3meta = Crs.meta(Json.parseObject(value));
                    add(out, prefix, Keys.resource(kind, Json.str(v3meta.get("namespace")), Json.str(v3meta.get("name"))), value, cr);
                }
            }
        }
    }

    /** Every object of a collection, {@value #PAGE} per request (limit/continue). */
    List<Map<String, Object>> listAll(String path, String labelSelector) {
        List<Map<String, Object>> out = new ArrayList<>();
        String cont = null;
        do {
            StringBuilder q = new StringBuilder(path).append("?limit=").append(PAGE);
            if (labelSelector != null) q.append("&labelSelector=").append(KubeApi.q(labelSelector));
            if (cont != null) q.append("&continue=").append(KubeApi.q(cont));
            KubeApi.Resp r = api.get(q.toString());
            if (r.code() == 404) {
                if (path.startsWith("/apis/")) throw new DatastoreException.Unavailable("Calico's CRD for " + path.substring(path.lastIndexOf('/') + 1) + "." + mode.group
                        + " is not installed on the Kubernetes API server at " + api.base());
                return out;
            }
            Map<String, Object> list = api.ok(r, path);
            for (Object item : Crs.list(list.get("items"))) {
                if (item instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) m;
                    out.add(o);
                }
            }
            Object c = Crs.meta(list).get("continue");
            cont = c == null || c.toString().isEmpty() ? null : c.toString();
        } while (cont != null);
        return out;
    }
}
