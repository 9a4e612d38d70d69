package dev.calicoctl.datastore.kube;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Orchestrator;
import dev.calicoctl.datastore.kube.KubeTarget.Type;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.WorkloadEndpointNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubernetes datastore: the etcd key layout the rest of the tool speaks, mapped onto the
 * custom resources libcalico-go's Kubernetes backend uses (datastore.md §3): every v3 kind in
 * its CRD, IPAM blocks/affinities/handles/config as IPAMBlock, BlockAffinity, IPAMHandle and
 * IPAMConfig objects with upstream's names, labels and soft deletes, in either CRD group
 * (detected as upstream detects it). resourceVersion is the revision; 409 is a conflict; lists
 * are paged. Node, WorkloadEndpoint and Profile are derived from Nodes, Pods, Namespaces and
 * ServiceAccounts; a WorkloadEndpoint write becomes the pod annotations the CNI plugin writes.
 * Kubernetes has no multi-object transaction: {@link #atomicCommits()} is false.
 */
public final class KubeDatastore implements Datastore, Orchestrator {

    private final KubeApi api;
    private final CrdMode mode;
    private final KubeListing listing;
    /** The last object read or written per path: lets a delete that follows a read skip its GET. */
    private final Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();
    private static final int SEEN_MAX = 10_000;
    /** Runs the reads of one batch side by side (daemon threads: never keeps the JVM alive). */
    private final java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kube-read");
        t.setDaemon(true);
        return t;
    });

    private KubeDatastore(KubeApi api, CrdMode mode) {
        this.api = api;
        this.mode = mode;
        this.listing = new KubeListing(api, mode);
    }

    public static KubeDatastore open(DatastoreConfig config) {
        DatastoreConfig.Kube k = config.kube() != null ? config.kube() : DatastoreConfig.Kube.ofKubeconfig(config.kubeconfig(), null);
        KubeApi api = new KubeApi(KubeConnect.config(k));
        try {
            return new KubeDatastore(api, detect(api, k.calicoApiGroup()));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** Upstream's group choice from discovery; neither group served means Calico's CRDs are missing. */
    private static CrdMode detect(KubeApi api, String configured) {
        KubeApi.Resp r = api.get("/apis");
        if (!r.ok()) throw new DatastoreException.Unavailable("the Kubernetes API server at " + api.base() + " answered discovery with " + KubeApi.statusMessage(r));
        boolean v1 = false, v3 = false;
        try {
            for (Object g : Crs.list(Json.parseObject(r.body()).get("groups"))) {
                Object name = g instanceof Map<?, ?> m ? m.get("name") : null;
                if (CrdMode.V1.group.equals(name)) v1 = true;
                if (CrdMode.V3.group.equals(name)) v3 = true;
            }
        } catch (RuntimeException e) {
            throw new DatastoreException.Unavailable("the server at " + api.base() + " does not answer like a Kubernetes API server (/apis is not an APIGroupList)");
        }
        if (!v1 && !v3 && (configured == null || configured.isEmpty())) {
            throw new DatastoreException.Unavailable("Calico's CRDs are not installed on the Kubernetes API server at " + api.base()
                    + ": it serves neither crd.projectcalico.org nor projectcalico.org");
        }
        return CrdMode.choose(configured, v1, v3);
    }

    /** API requests sent so far (benchmarks). */
    public long apiRequests() { return api.requests.get(); }

    public String apiGroup() { return mode.apiVersion(); }

    @Override public boolean atomicCommits() { return false; }

    @Override public Optional<Orchestrator> orchestrator() { return Optional.of(this); }

    @Override public String describe() { return "kubernetes API at " + api.base() + " (" + mode.apiVersion() + ")"; }

    @Override public void close() {
        readers.shutdownNow();
        api.close();
    }

    private void remember(String path, Map<String, Object> cr) {
        if (seen.size() > SEEN_MAX) seen.clear();
        seen.put(path, cr);
    }

    /** The reads of a batch are sent side by side: one round trip of latency instead of one per read. */
    @Override public List<List<KeyValue>> read(List<Read> reads) {
        if (reads.size() == 1) return Datastore.super.read(reads);
        List<java.util.concurrent.Future<List<KeyValue>>> futures = new ArrayList<>();
        for (Read r : reads) {
            futures.add(readers.submit(() -> r.prefix() ? list(r.key()) : get(r.key()).map(List::of).orElse(List.of())));
        }
        List<List<KeyValue>> out = new ArrayList<>();
        for (java.util.concurrent.Future<List<KeyValue>> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new DatastoreException(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatastoreException.Unavailable("interrupted while reading from " + api.base());
            }
        }
        return out;
    }

    // ================================================================== where a key lives

    private KubeTarget target(String key) { return KubeTarget.of(mode, key); }

    private static DatastoreException notSupported(String op, String key) {
        return new DatastoreException("operation " + op + " is not supported on " + key + ": in the kubernetes datastore it is derived from a Kubernetes object");
    }

    // ================================================================== conversions

    private Map<String, Object> toCr(KubeTarget t, String value, long revision) {
        return switch (t.type()) {
            case BLOCK -> Crs.blockToCr(mode, value, revision);
            case AFFINITY -> Crs.affinityToCr(mode, t.host(), t.cidr(), value, revision);
            case HANDLE -> Crs.handleToCr(mode, t.handleId(), value, revision);
            case CONFIG -> Crs.configToCr(mode, value, revision);
            case RESOURCE -> Crs.resourceToCr(mode, t.crKind(), t.name(), value, revision);
            default -> throw notSupported("write", t.path());
        };
    }

    private String fromCr(Type type, Kind kind, Map<String, Object> cr) {
        return switch (type) {
            case BLOCK -> Crs.blockFromCr(cr);
            case AFFINITY -> Crs.affinityFromCr(cr);
            case HANDLE -> Crs.handleFromCr(cr);
            case CONFIG -> Crs.configFromCr(cr);
            case RESOURCE, V3_AFFINITY -> Crs.resourceFromCr(mode, kind.name(), cr);
            default -> throw new IllegalStateException(type.toString());
        };
    }

    private static boolean softDeleted(Type type) { return type == Type.BLOCK || type == Type.AFFINITY || type == Type.HANDLE; }

    // ================================================================== reads

    @Override public Optional<KeyValue> get(String key) {
        KubeTarget t = target(key);
        switch (t.type()) {
            case NODE -> {
                KubeApi.Resp r = api.get(t.path());
                if (r.code() == 404) return Optional.empty();
                Map<String, Object> node = api.ok(r, key);
                return Optional.of(new KeyValue(key, Derived.node(node), Crs.revision(node)));
            }
            case WEP -> {
                Optional<Map<String, Object>> pod = podOfEndpointName(t.namespace(), t.name());
                return pod.filter(Derived::hasEndpoint).filter(p -> WorkloadEndpointNames.podEndpoint(Derived.nodeOf(p), t.name().isEmpty() ? "" : String.valueOf(Crs.meta(p).get("name"))).equals(t.name()))
                        .map(p -> new KeyValue(key, Derived.workloadEndpoint(p), Crs.revision(p)));
            }
            case PROFILE -> { return profile(key, t.name()); }
            default -> { }
        }
        KubeApi.Resp r = api.get(t.path());
        if (r.code() == 404) return Optional.empty();
        Map<String, Object> cr = api.ok(r, key);
        if (softDeleted(t.type()) && Crs.deleted(cr)) {
            // a deleter stopped between marking and removing: finish its work, report absence (upstream)
            removeMarked(t.path(), cr);
            return Optional.empty();
        }
        remember(t.path(), cr);
        return Optional.of(new KeyValue(key, fromCr(t.type(), t.kind(), cr), Crs.revision(cr)));
    }

    private Optional<Map<String, Object>> podOfEndpointName(String namespace, String endpoint) {
        String pod = Derived.podOfEndpoint(endpoint);
        if (pod == null) return Optional.empty();
        KubeApi.Resp r = api.get("/api/v1/namespaces/" + namespace + "/pods/" + pod);
        if (r.code() == 404) return Optional.empty();
        return Optional.of(api.ok(r, "pod " + namespace + "/" + pod));
    }

    private Optional<KeyValue> profile(String key, String name) {
        if (name.equals(Derived.DEFAULT_ALLOW)) return Optional.of(new KeyValue(key, Derived.defaultAllowProfile(), 1));
        String path;
        boolean namespace;
        if (name.startsWith("kns.")) {
            path = "/api/v1/namespaces/" + name.substring(4);
            namespace = true;
        } else if (name.startsWith("ksa.") && name.indexOf('.', 4) > 0) {
            int dot = name.indexOf('.', 4);
            path = "/api/v1/namespaces/" + name.substring(4, dot) + "/serviceaccounts/" + name.substring(dot + 1);
            namespace = false;
        } else {
            return Optional.empty();
        }
        KubeApi.Resp r = api.get(path);
        if (r.code() == 404) return Optional.empty();
        Map<String, Object> o = api.ok(r, key);
        return Optional.of(new KeyValue(key, namespace ? Derived.namespaceProfile(o) : Derived.serviceAccountProfile(o), Crs.revision(o)));
    }

    /** Every key starting with {@code prefix}: each collection the prefix reaches is listed, page by page. */
    @Override public List<KeyValue> list(String prefix) { return listing.list(prefix); }

    // ================================================================== writes

    @Override public KeyValue create(String key, String value) {
        KubeTarget t = target(key);
        if (t.type() == Type.WEP) return writeEndpoint(key, t, value, 0);
        if (t.type().readOnly()) throw notSupported("Create", key);
        Map<String, Object> cr = toCr(t, value, 0);
        KubeApi.Resp r = api.send("POST", t.path().substring(0, t.path().lastIndexOf('/')), null, Json.write(cr));
        if (r.code() == 409) throw new DatastoreException.AlreadyExists("key already exists: " + key);
        if (r.code() == 404) throw new DatastoreException.Unavailable("Calico's CRD for " + t.path().split("/")[4] + "." + mode.group + " is not installed on the Kubernetes API server at " + api.base());
        Map<String, Object> stored = api.ok(r, key);
        remember(t.path(), stored);
        return new KeyValue(key, value, Crs.revision(stored));
    }

    @Override public KeyValue update(String key, String value, long revision) {
        KubeTarget t = target(key);
        if (t.type() == Type.WEP) return writeEndpoint(key, t, value, revision);
        if (t.type().readOnly()) throw notSupported("Update", key);
        Map<String, Object> stored = put(key, t.path(), toCr(t, value, revision));
        return new KeyValue(key, value, Crs.revision(stored));
    }

    /** PUT with the caller's resourceVersion: kube-apiserver's compare-and-swap. */
    private Map<String, Object> put(String key, String path, Map<String, Object> cr) {
        KubeApi.Resp r = api.send("PUT", path, null, Json.write(cr));
        if (r.code() == 404) throw new DatastoreException.NotFound("key does not exist: " + key);
        if (r.code() == 409 || (r.code() == 422 && r.body().contains("resourceVersion"))) {
            throw new DatastoreException.Conflict("key " + key + " changed: revision " + Crs.meta(cr).get("resourceVersion") + " is out of date");
        }
        Map<String, Object> stored = api.ok(r, key);
        remember(path, stored);
        return stored;
    }

    @Override public void delete(String key, long revision) {
        KubeTarget t = target(key);
        if (t.type() == Type.WEP) {
            KeyValue cur = get(key).orElseThrow(() -> new DatastoreException.NotFound("key does not exist: " + key));
            if (revision != 0 && cur.revision() != revision) throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date");
            writeEndpoint(key, t, null, cur.revision());
            return;
        }
        if (t.type().readOnly()) throw notSupported("Delete", key);
        if (!softDeleted(t.type())) {
            // v3 resources: one DELETE, guarded by the revision the caller holds
            Map<String, Object> opts = deleteOptions(null, revision == 0 ? null : Long.toString(revision));
            KubeApi.Resp r = api.send("DELETE", t.path(), null, Json.write(opts));
            if (r.code() == 404) throw new DatastoreException.NotFound("key does not exist: " + key);
            if (r.code() == 409) throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date");
            api.ok(r, key);
            seen.remove(t.path());
            return;
        }
        // IPAM objects: upstream's soft delete. Mark deleted with a compare-and-swap, then DELETE by uid.
        Map<String, Object> cur = seen.get(t.path());
        if (cur == null || revision == 0 || Crs.revision(cur) != revision) {
            KubeApi.Resp r = api.get(t.path());
            if (r.code() == 404) throw new DatastoreException.NotFound("key does not exist: " + key);
            cur = api.ok(r, key);
        }
        if (revision != 0 && Crs.revision(cur) != revision) throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date");
        Map<String, Object> marked = Json.deepCopyMap(cur);
        Crs.spec(marked).put("deleted", t.type() == Type.AFFINITY && mode == CrdMode.V1 ? (Object) "true" : (Object) Boolean.TRUE);
        if (!marked.containsKey("spec")) marked.put("spec", Crs.spec(marked));
        Map<String, Object> stored = put(key, t.path(), marked);
        removeMarked(t.path(), stored);
    }

    private static Map<String, Object> deleteOptions(String uid, String resourceVersion) {
        Map<String, Object> pre = new LinkedHashMap<>();
        if (uid != null) pre.put("uid", uid);
        if (resourceVersion != null) pre.put("resourceVersion", resourceVersion);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("kind", "DeleteOptions");
        opts.put("apiVersion", "v1");
        if (!pre.isEmpty()) opts.put("preconditions", pre);
        return opts;
    }

    /** Second step of a soft delete: DELETE with the object's uid as precondition (gone or recreated: done). */
    private void removeMarked(String path, Map<String, Object> cr) {
        seen.remove(path);
        KubeApi.Resp r = api.send("DELETE", path, null, Json.write(deleteOptions(Crs.uid(cr), null)));
        if (r.ok() || r.code() == 404 || r.code() == 409) return;
        throw new DatastoreException(KubeApi.statusMessage(r));
    }

    /**
     * A WorkloadEndpoint write is what the CNI plugin does on Kubernetes: the pod's Calico
     * annotations (podIP, podIPs, containerID) patched, guarded by the pod's resourceVersion;
     * value null removes them.
     */
    private KeyValue writeEndpoint(String key, KubeTarget t, String value, long revision) {
        String pod = Derived.podOfEndpoint(t.name());
        List<String> ips = new ArrayList<>();
        String containerId = null;
        if (value != null) {
            Map<String, Object> spec = Crs.spec(Json.parseObject(value));
            if (spec.get("pod") != null) pod = spec.get("pod").toString();
            for (Object n : Crs.list(spec.get("ipNetworks"))) {
                String s = String.valueOf(n);
                ips.add(s.contains("/") ? s.substring(0, s.indexOf('/')) : s);
            }
            if (spec.get("containerID") != null) containerId = spec.get("containerID").toString();
        }
        if (pod == null) throw new DatastoreException("workload endpoint " + t.name() + " names no pod");
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put(Derived.POD_IP, ips.isEmpty() ? null : ips.get(0));
        ann.put(Derived.POD_IPS, ips.isEmpty() ? null : String.join(",", ips));
        if (containerId != null || value == null) ann.put(Derived.CONTAINER_ID, containerId);
        Map<String, Object> meta = new LinkedHashMap<>();
        if (revision != 0) meta.put("resourceVersion", Long.toString(revision));
        meta.put("annotations", ann);
        String path = "/api/v1/namespaces/" + t.namespace() + "/pods/" + pod;
        KubeApi.Resp r = api.send("PATCH", path, "application/merge-patch+json", Json.write(Map.of("metadata", meta)));
        if (r.code() == 404) throw new DatastoreException.NotFound("pod " + t.namespace() + "/" + pod + " does not exist");
        if (r.code() == 409) throw new DatastoreException.Conflict("pod " + t.namespace() + "/" + pod + " changed since it was read");
        Map<String, Object> stored = api.ok(r, key);
        return new KeyValue(key, value == null ? "" : value, Crs.revision(stored));
    }

    @Override public void createAll(Map<String, String> entries) {
        // no transaction: refuse up front when any key exists, then create; undo on a failure half-way
        for (String key : entries.keySet()) target(key);
        java.util.Set<String> existing = new java.util.HashSet<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String key : entries.keySet()) {
            String collection = key.substring(0, key.lastIndexOf('/') + 1);
            if (listed.add(collection)) for (KeyValue kv : list(collection)) existing.add(kv.key());
            if (existing.contains(key)) throw new DatastoreException.AlreadyExists("some keys already exist (" + key + "); nothing was written");
        }
        List<KeyValue> done = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : entries.entrySet()) done.add(create(e.getKey(), e.getValue()));
        } catch (DatastoreException e) {
            // take back what this call created, each only while still as written (another client's
            // later change is theirs to keep), and say what could not be taken back
            int left = 0;
            for (KeyValue kv : done) {
                try { delete(kv.key(), kv.revision()); } catch (DatastoreException notDeleted) { left++; }
            }
            String what = left == 0 ? "nothing was written"
                    : left + " of the " + done.size() + " keys written before could not be deleted again";
            if (e instanceof DatastoreException.AlreadyExists) throw new DatastoreException.AlreadyExists("some keys already exist; " + what);
            if (left == 0) throw e;
            if (e instanceof DatastoreException.Unavailable) throw new DatastoreException.Unavailable(e.getMessage() + " (bulk create: " + what + ")", e);
            throw e;
        }
    }

    /** Not atomic (see {@link Datastore#commit}): each write in turn, stopping at the first that fails. */
    @Override public long commit(List<Write> writes) {
        long rev = 0;
        for (Write w : writes) {
            try {
                if (w.value() == null) {
                    delete(w.key(), w.revision());
                } else if (w.revision() == 0) {
                    rev = create(w.key(), w.value()).revision();
                } else {
                    rev = update(w.key(), w.value(), w.revision()).revision();
                }
            } catch (DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
                throw new DatastoreException.Conflict(e.getMessage());
            }
        }
        return rev;
    }

    // ================================================================== Orchestrator

    @Override public Optional<Meta> namespace(String name) {
        KubeApi.Resp r = api.get("/api/v1/namespaces/" + name);
        if (r.code() == 404) return Optional.empty();
        return Optional.of(meta(api.ok(r, "namespace " + name)));
    }

    @Override public Optional<Pod> pod(String namespace, String name) {
        KubeApi.Resp r = api.get("/api/v1/namespaces/" + namespace + "/pods/" + name);
        if (r.code() == 404) return Optional.empty();
        Map<String, Object> p = api.ok(r, "pod " + namespace + "/" + name);
        return Optional.of(new Pod(meta(p), Derived.nodeOf(p), Derived.podIps(p)));
    }

    @Override public List<Service> loadBalancerServices() {
        List<Service> out = new ArrayList<>();
        for (Map<String, Object> s : listing.listAll("/api/v1/services", null)) {
            if (!"LoadBalancer".equals(Crs.spec(s).get("type"))) continue;
            List<String> ips = new ArrayList<>();
            Object status = s.get("status");
            if (status instanceof Map<?, ?> st && st.get("loadBalancer") instanceof Map<?, ?> lb) {
                for (Object ing : Crs.list(lb.get("ingress"))) if (ing instanceof Map<?, ?> m && m.get("ip") != null) ips.add(m.get("ip").toString());
            }
            out.add(new Service(meta(s), ips));
        }
        return out;
    }

    private static Meta meta(Map<String, Object> o) {
        Map<String, Object> m = Crs.meta(o);
        return new Meta(Json.str(m.get("namespace")), Json.str(m.get("name")), Crs.strings(m.get("labels")), Crs.strings(m.get("annotations")));
    }
}
