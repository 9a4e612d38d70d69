package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.model.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Values as the etcd layout holds them (what the Datastore interface speaks) to and from the
 * custom resources libcalico-go's Kubernetes backend writes (datastore.md §3.3, §3.5, §3.10),
 * both ways for each kind. Trees are plain maps (model.Json), written compact.
 */
final class Crs {
    private Crs() {}

    static final String METADATA_ANNOTATION = "projectcalico.org/metadata";
    static final String LABEL_HOSTNAME_HASH = "projectcalico.org/hostname-hash";
    static final String LABEL_AFFINITY_TYPE = "projectcalico.org/affinity-type";
    static final String LABEL_IP_VERSION = "projectcalico.org/ip-version";
    /** The v3 kinds whose CR keeps the v3 name inside the metadata annotation. */
    private static final Set<String> POLICY_KINDS = Set.of("NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy");

    static Map<String, Object> object(CrdMode mode, String kind, String name, String namespace, long revision) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", mode.apiVersion());
        o.put("kind", kind);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) meta.put("namespace", namespace);
        if (revision != 0) meta.put("resourceVersion", Long.toString(revision));
        o.put("metadata", meta);
        return o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> cr) {
        return cr.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> cr) {
        return cr.get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> strings(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : e.getValue().toString());
        return out;
    }

    /** The annotation upstream writes on IPAM objects (no labels beyond those given). */
    private static void ipamMetadata(CrdMode mode, Map<String, Object> cr, Map<String, String> labels) {
        Map<String, Object> meta = meta(cr);
        if (!labels.isEmpty()) meta.put("labels", new TreeMap<>(labels));
        if (mode == CrdMode.V1) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("creationTimestamp", null);
            if (!labels.isEmpty()) inner.put("labels", new TreeMap<>(labels));
            Map<String, Object> ann = new LinkedHashMap<>();
            ann.put(METADATA_ANNOTATION, Json.write(inner));
            meta.put("annotations", ann);
        }
    }

    static long revision(Map<String, Object> cr) {
        Object rv = meta(cr).get("resourceVersion");
        if (rv == null) return 0;
        try {
            return Long.parseLong(rv.toString());
        } catch (NumberFormatException e) {
            throw new DatastoreException.Unavailable("the API server answered a resourceVersion that is not a number (" + rv + "); this tool needs numeric revisions");
        }
    }

    static String uid(Map<String, Object> cr) { return Json.str(meta(cr).get("uid")); }

    // ------------------------------------------------------------------ IPAM blocks

    static Map<String, Object> blockToCr(CrdMode mode, String etcdJson, long revision) {
        Map<String, Object> v = Json.parseObject(etcdJson);
        String cidr = Json.str(v.get("cidr"));
        Map<String, Object> cr = object(mode, "IPAMBlock", KubeNames.blockName(dev.calicoctl.model.Cidr.parse(cidr)), null, revision);
        ipamMetadata(mode, cr, Map.of());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cidr", cidr);
        if (v.get("affinity") != null) spec.put("affinity", v.get("affinity"));
        if (v.get("affinity_claim_time") != null) spec.put("affinityClaimTime", v.get("affinity_claim_time"));
        spec.put("allocations", v.get("allocations") == null ? List.of() : v.get("allocations"));
        spec.put("unallocated", v.get("unallocated") == null ? List.of() : v.get("unallocated"));
        spec.put("attributes", v.get("attributes") == null ? List.of() : v.get("attributes"));
        spec.put("sequenceNumber", v.get("sequenceNumber") == null ? 0L : v.get("sequenceNumber"));
        if (v.get("sequenceNumberForAllocation") instanceof Map<?, ?> m && !m.isEmpty()) spec.put("sequenceNumberForAllocation", m);
        spec.put("deleted", Boolean.TRUE.equals(v.get("deleted")));
        spec.put("strictAffinity", false);
        cr.put("spec", spec);
        return cr;
    }

    static String blockFromCr(Map<String, Object> cr) {
        Map<String, Object> s = spec(cr);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("cidr", s.get("cidr"));
        v.put("affinity", s.get("affinity"));
        if (s.get("affinityClaimTime") != null) v.put("affinity_claim_time", s.get("affinityClaimTime"));
        v.put("allocations", s.get("allocations") == null ? List.of() : s.get("allocations"));
        v.put("unallocated", s.get("unallocated") == null ? List.of() : s.get("unallocated"));
        v.put("attributes", s.get("attributes") == null ? List.of() : s.get("attributes"));
        v.put("sequenceNumber", s.get("sequenceNumber") == null ? 0L : s.get("sequenceNumber"));
        v.put("sequenceNumberForAllocation", s.get("sequenceNumberForAllocation") instanceof Map<?, ?> m ? new TreeMap<>(m) : Map.of());
        v.put("deleted", goBool(s.get("deleted")));
        return Json.write(v);
    }

    // ------------------------------------------------------------------ affinities

    static Map<String, Object> affinityToCr(CrdMode mode, String host, dev.calicoctl.model.Cidr cidr, String etcdJson, long revision) {
        Map<String, Object> v = etcdJson == null || etcdJson.isBlank() ? Map.of() : Json.parseObject(etcdJson);
        Map<String, Object> cr = object(mode, "BlockAffinity", KubeNames.affinityName(host, cidr), null, revision);
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_AFFINITY_TYPE, "host");
        labels.put(LABEL_HOSTNAME_HASH, KubeNames.hostnameHash(host));
        labels.put(LABEL_IP_VERSION, Integer.toString(cidr.version()));
        ipamMetadata(mode, cr, labels);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("state", v.get("state") == null ? "" : v.get("state"));
        spec.put("node", host);
        spec.put("type", "host");
        spec.put("cidr", cidr.toString());
        boolean deleted = Boolean.TRUE.equals(v.get("deleted"));
        spec.put("deleted", mode == CrdMode.V1 ? Boolean.toString(deleted) : (Object) deleted);
        cr.put("spec", spec);
        return cr;
    }

    static String affinityFromCr(Map<String, Object> cr) {
        Map<String, Object> s = spec(cr);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", s.get("state") == null ? "" : s.get("state"));
        v.put("deleted", goBool(s.get("deleted")));
        return Json.write(v);
    }

    /** Go's strconv.ParseBool, as upstream reads the v1 affinity's string `deleted` (empty: false). */
    static boolean goBool(Object o) {
        if (o == null) return false;
        if (o instanceof Boolean b) return b;
        return switch (o.toString()) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "", "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new DatastoreException("Failed to parse deleted value as bool: " + o);
        };
    }

    // ------------------------------------------------------------------ handles

    static Map<String, Object> handleToCr(CrdMode mode, String handleId, String etcdJson, long revision) {
        Map<String, Object> v = Json.parseObject(etcdJson);
        Map<String, Object> cr = object(mode, "IPAMHandle", KubeNames.handleName(handleId), null, revision);
        ipamMetadata(mode, cr, Map.of());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("handleID", handleId);
        spec.put("block", v.get("block") instanceof Map<?, ?> m ? new TreeMap<>(m) : Map.of());
        spec.put("deleted", Boolean.TRUE.equals(v.get("deleted")));
        cr.put("spec", spec);
        return cr;
    }

    static String handleFromCr(Map<String, Object> cr) {
        Map<String, Object> s = spec(cr);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("block", s.get("block") instanceof Map<?, ?> m ? new TreeMap<>(m) : Map.of());
        v.put("deleted", goBool(s.get("deleted")));
        return Json.write(v);
    }

    static String handleIdOf(Map<String, Object> cr) {
        Object id = spec(cr).get("handleID");
        return id != null ? id.toString() : Json.str(meta(cr).get("name"));
    }

    static boolean deleted(Map<String, Object> cr) {
        try {
            return goBool(spec(cr).get("deleted"));
        } catch (DatastoreException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ IPAM configuration

    static Map<String, Object> configToCr(CrdMode mode, String etcdJson, long revision) {
        Map<String, Object> v = Json.parseObject(etcdJson);
        Map<String, Object> cr = object(mode, mode.ipamConfigKind(), "default", null, revision);
        ipamMetadata(mode, cr, Map.of());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("strictAffinity", Boolean.TRUE.equals(v.get("strict_affinity")));
        spec.put("autoAllocateBlocks", Boolean.TRUE.equals(v.get("auto_allocate_blocks")));
        if (v.get("maxBlocksPerHost") instanceof Number n && n.longValue() != 0) spec.put("maxBlocksPerHost", n.longValue());
        if (v.get("kubeVirtVMAddressPersistence") != null) spec.put("kubeVirtVMAddressPersistence", v.get("kubeVirtVMAddressPersistence"));
        if (v.get("ipCooldownSeconds") instanceof Number n && n.longValue() != 0) spec.put("ipCooldownSeconds", n.longValue());
        cr.put("spec", spec);
        return cr;
    }

    static String configFromCr(Map<String, Object> cr) {
        Map<String, Object> s = spec(cr);
        Map<String, Object> v = new LinkedHashMap<>();
        if (Boolean.TRUE.equals(s.get("strictAffinity"))) v.put("strict_affinity", true);
        if (Boolean.TRUE.equals(s.get("autoAllocateBlocks"))) v.put("auto_allocate_blocks", true);
        if (s.get("maxBlocksPerHost") instanceof Number n && n.longValue() != 0) v.put("maxBlocksPerHost", n.longValue());
        if (s.get("kubeVirtVMAddressPersistence") != null) v.put("kubeVirtVMAddressPersistence", s.get("kubeVirtVMAddressPersistence"));
        if (s.get("ipCooldownSeconds") instanceof Number n && n.longValue() != 0) v.put("ipCooldownSeconds", n.longValue());
        return Json.write(v);
    }

    // ------------------------------------------------------------------ v3 resources

    private static boolean calicoKey(String key) {
        return key.contains("projectcalico.org/") || key.contains("operator.tigera.io/");
    }

    /** A stored v3 resource (etcd value) as its custom resource (§3.3 write direction). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resourceToCr(CrdMode mode, String kind, String crName, String etcdJson, long revision) {
        Map<String, Object> v = Json.parseObject(etcdJson);
        Map<String, Object> v3meta = v.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        String namespace = Json.str(v3meta.get("namespace"));
        Map<String, Object> cr = object(mode, kind, crName, namespace, revision);
        Map<String, Object> meta = meta(cr);
        Map<String, String> labels = strings(v3meta.get("labels"));
        Map<String, String> annotations = strings(v3meta.get("annotations"));
        if (mode == CrdMode.V3) {
            if (!labels.isEmpty()) meta.put("labels", labels);
            if (!annotations.isEmpty()) meta.put("annotations", annotations);
            if (v3meta.get("uid") != null && revision != 0) meta.put("uid", v3meta.get("uid"));
        } else {
            Map<String, Object> inner = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : v3meta.entrySet()) {
                String f = e.getKey();
                if (f.equals("namespace") || f.equals("resourceVersion") || f.equals("uid")) continue;
                if (f.equals("name") && !POLICY_KINDS.contains(kind)) continue;
                inner.put(f, e.getValue());
            }
            if (!inner.containsKey("creationTimestamp")) inner.put("creationTimestamp", null);
            Map<String, String> crLabels = new TreeMap<>();
            for (Map.Entry<String, String> e : labels.entrySet()) if (calicoKey(e.getKey())) crLabels.put(e.getKey(), e.getValue());
            Map<String, String> crAnnotations = new TreeMap<>();
            for (Map.Entry<String, String> e : annotations.entrySet()) if (calicoKey(e.getKey())) crAnnotations.put(e.getKey(), e.getValue());
            crAnnotations.put(METADATA_ANNOTATION, Json.write(inner));
            if (!crLabels.isEmpty()) meta.put("labels", crLabels);
            meta.put("annotations", crAnnotations);
            if (v3meta.get("uid") != null && revision != 0) meta.put("uid", KubeNames.transformUid(v3meta.get("uid").toString()));
        }
        if (v.get("spec") != null) cr.put("spec", v.get("spec"));
        if (v.get("status") != null) cr.put("status", v.get("status"));
        return cr;
    }

    /** A custom resource as the stored v3 value (§3.3 read direction); resourceVersion is the KeyValue's. */
    @SuppressWarnings("unchecked")
    static String resourceFromCr(CrdMode mode, String kind, Map<String, Object> cr) {
        Map<String, Object> crMeta = meta(cr);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", crMeta.get("name"));
        if (crMeta.get("namespace") != null) meta.put("namespace", crMeta.get("namespace"));
        Map<String, String> labels = strings(crMeta.get("labels"));
        Map<String, String> annotations = strings(crMeta.get("annotations"));
        Object creation = crMeta.get("creationTimestamp");
        String uid = Json.str(crMeta.get("uid"));
        Map<String, Object> extra = new LinkedHashMap<>();
        if (mode == CrdMode.V1) {
            uid = KubeNames.transformUid(uid);
            String inner = annotations.remove(METADATA_ANNOTATION);
            if (inner != null) {
                Map<String, Object> im = Json.parseObject(inner);
                if (im.get("name") != null) meta.put("name", im.get("name"));
                if (im.get("creationTimestamp") != null) creation = im.get("creationTimestamp");
                labels.putAll(strings(im.get("labels")));
                annotations.putAll(strings(im.get("annotations")));
                for (Map.Entry<String, Object> e : im.entrySet()) {
                    if (!Set.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp", "labels", "annotations").contains(e.getKey())) extra.put(e.getKey(), e.getValue());
                }
            } else if (POLICY_KINDS.contains(kind) && String.valueOf(meta.get("name")).startsWith("default.")) {
                meta.put("name", meta.get("name").toString().substring("default.".length()));
            }
        }
        if (uid != null) meta.put("uid", uid);
        if (creation != null) meta.put("creationTimestamp", creation);
        meta.putAll(extra);
        if (!labels.isEmpty()) meta.put("labels", labels);
        if (!annotations.isEmpty()) meta.put("annotations", annotations);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", kind);
        v.put("apiVersion", "projectcalico.org/v3");
        v.put("metadata", meta);
        v.put("spec", cr.get("spec") == null ? new LinkedHashMap<>() : cr.get("spec"));
        if (cr.get("status") != null) v.put("status", cr.get("status"));
        return Json.write(v);
    }

    static List<Object> list(Object o) { return o instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(); }
}
