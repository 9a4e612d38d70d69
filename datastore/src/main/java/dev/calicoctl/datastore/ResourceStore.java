package dev.calicoctl.datastore;

import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.FieldError;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;
import dev.calicoctl.model.ValidationException;
import dev.calicoctl.model.Validator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * v3 resources on top of any Datastore: create, update, apply, delete, get, list, with
 * Calico's defaulting and validation and the rules that need to see other resources
 * (pool overlap, immutable pool CIDR and block size). Messages are libcalico-go's.
 */
public final class ResourceStore {
    /** libcalico-go: a resource that does not exist. */
    public static final class NotFound extends DatastoreException {
        NotFound(String identifier) { super("resource does not exist: " + identifier + " with error: <nil>"); }
    }

    /** libcalico-go: create of a resource that exists. */
    public static final class AlreadyExists extends DatastoreException {
        AlreadyExists(String identifier) { super("resource already exists: " + identifier + " with error: <nil>"); }
    }

    /** libcalico-go: the resource changed since the caller read it. */
    public static final class UpdateConflict extends DatastoreException {
        UpdateConflict(String identifier, String detail) { super("update conflict: " + identifier + (detail == null ? "" : ": " + detail)); }
    }

    /** libcalico-go: an operation a kind does not allow. */
    public static final class NotSupported extends DatastoreException {
        NotSupported(String op, String identifier, String reason) {
            super("operation " + op + " is not supported on " + identifier + (reason == null ? "" : ": " + reason));
        }
    }

    private final Datastore ds;

    public ResourceStore(Datastore ds) { this.ds = ds; }

    public Datastore datastore() { return ds; }

    private static String key(Resource r) { return Keys.resource(r.kind(), r.namespace(), r.name()); }

    public Resource create(Resource in) {
        return create(in, false);
    }

    /**
     * Creates a resource; {@code skipOverlapCheck} lets `ipam split` create pools inside the pool
     * it is replacing (upstream's UnsafeCreate).
     */
    public Resource create(Resource in, boolean skipOverlapCheck) {
        Resource r = in.copy();
        Validator.validateAndDefault(r);
        if (!skipOverlapCheck) checkCreate(r);
        r.setResourceVersion(null);
        r.setMeta("uid", UUID.randomUUID().toString());
        r.setMeta("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            KeyValue kv = ds.create(key(r), ResourceCodec.toStoredJson(r));
            r.setResourceVersion(Long.toString(kv.revision()));
            return r;
        } catch (DatastoreException.AlreadyExists e) {
            throw new AlreadyExists(r.identifier());
        }
    }

    /**
     * Replaces an existing resource. With a resourceVersion in the input, only that version is
     * replaced (else "update conflict"); without one, the latest is, retried on races.
     */
    public Resource update(Resource in) {
        String wanted = in.resourceVersion();
        for (int attempt = 0; ; attempt++) {
            Resource r = in.copy();
            Validator.validateAndDefault(r);
            KeyValue cur = ds.get(key(r)).orElseThrow(() -> new NotFound(r.identifier()));
            if (wanted != null && !wanted.isEmpty() && !wanted.equals(Long.toString(cur.revision()))) {
                throw new UpdateConflict(r.identifier(), "resource version '" + wanted + "' is out of date (latest: " + cur.revision()
                        + "). Update the resource YAML/JSON in order to make changes");
            }
            Resource old = ResourceCodec.fromStoredJson(r.kind(), cur.value());
            checkUpdate(old, r);
            // Keep the server-owned metadata; take labels and annotations from the input.
            r.setMeta("uid", old.metadata().get("uid"));
            r.setMeta("creationTimestamp", old.metadata().get("creationTimestamp"));
            r.setResourceVersion(null);
            try {
                KeyValue kv = ds.update(key(r), ResourceCodec.toStoredJson(r), cur.revision());
                r.setResourceVersion(Long.toString(kv.revision()));
                return r;
            } catch (DatastoreException.Conflict e) {
                if (wanted != null && !wanted.isEmpty()) throw new UpdateConflict(r.identifier(), null);
                if (attempt >= 4) throw new UpdateConflict(r.identifier(), "still changing after 5 attempts");
            } catch (DatastoreException.NotFound e) {
                throw new NotFound(r.identifier());
            }
        }
    }

    /** Create, or update when it exists (calicoctl's apply). */
    public Resource apply(Resource in) {
        if (in.kind() == Kinds.CLUSTER_INFORMATION) throw new NotSupported("apply", "ClusterInformation", "resource is readonly");
        Resource forCreate = in.copy();
        forCreate.setResourceVersion(null);
        try {
            return create(forCreate);
        } catch (AlreadyExists e) {
            return update(in);
        }
    }

    public Resource delete(Kind kind, String namespace, String name, String resourceVersion) {
        Resource probe = Resource.named(kind, namespace, name);
        String k = Keys.resource(kind, namespace, name);
        KeyValue cur = ds.get(k).orElseThrow(() -> new NotFound(probe.identifier()));
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals(Long.toString(cur.revision()))) {
            throw new UpdateConflict(probe.identifier(), null);
        }
        Resource old = ResourceCodec.fromStoredJson(kind, cur.value());
        try {
            ds.delete(k, cur.revision());
        } catch (DatastoreException.Conflict e) {
            throw new UpdateConflict(probe.identifier(), null);
        } catch (DatastoreException.NotFound e) {
            throw new NotFound(probe.identifier());
        }
        old.setResourceVersion(Long.toString(cur.revision()));
        return old;
    }

    public Optional<Resource> find(Kind kind, String namespace, String name) {
        return ds.get(Keys.resource(kind, namespace, name)).map(kv -> decode(kind, kv));
    }

    public Resource get(Kind kind, String namespace, String name) {
        return find(kind, namespace, name).orElseThrow(() -> new NotFound(Resource.named(kind, namespace, name).identifier()));
    }

    /** Every resource of a kind, in one namespace or (namespace null/empty) in all of them. */
    public List<Resource> list(Kind kind, String namespace) {
        List<Resource> out = new ArrayList<>();
        for (KeyValue kv : ds.list(Keys.resourcePrefix(kind, namespace))) out.add(decode(kind, kv));
        return out;
    }

    /** A list of one kind and the store revision it was read at (the List's resourceVersion). */
    public record Listing(List<Resource> items, String resourceVersion) {}

    /** {@link #list} and the revision it was read at. */
    public Listing listing(Kind kind, String namespace) {
        Datastore.Listing l = ds.listing(Keys.resourcePrefix(kind, namespace));
        List<Resource> out = new ArrayList<>(l.items().size());
        for (KeyValue kv : l.items()) out.add(decode(kind, kv));
        return new Listing(out, Long.toString(l.revision()));
    }

    /** A stored value of a kind, read by other means (batch reads), as this store returns it. */
    public static Resource decode(Kind kind, KeyValue kv) {
        Resource r = ResourceCodec.fromStoredJson(kind, kv.value());
        r.setResourceVersion(Long.toString(kv.revision()));
        return r;
    }

    private void checkCreate(Resource r) {
        if (r.kind() == Kinds.IP_POOL) {
            Cidr mine = Cidr.parse(new IpPool(r).cidrText());
            List<FieldError> errors = new ArrayList<>();
            for (Resource other : list(Kinds.IP_POOL, null)) {
                if (Objects.equals(other.name(), r.name())) continue;
                Cidr theirs = Cidr.tryParse(new IpPool(other).cidrText());
                if (theirs != null && theirs.overlaps(mine)) {
                    errors.add(new FieldError("IPPool.Spec.CIDR", mine.toString(),
                            "IPPool(" + r.name() + ") CIDR overlaps with IPPool(" + other.name() + ") CIDR " + new IpPool(other).cidrText()));
                }
            }
            if (!errors.isEmpty()) throw new ValidationException(errors);
        }
    }

    private void checkUpdate(Resource old, Resource r) {
        if (r.kind() == Kinds.IP_POOL) {
            IpPool o = new IpPool(old), n = new IpPool(r);
            List<FieldError> errors = new ArrayList<>();
            Cidr oc = Cidr.tryParse(o.cidrText());
            if (oc == null || !oc.equals(n.cidr())) {
                errors.add(new FieldError("IPPool.Spec.CIDR", n.cidrText(), "IPPool CIDR cannot be modified"));
            }
            if (o.blockSize() != n.blockSize()) {
                errors.add(new FieldError("IPPool.Spec.BlockSize", n.blockSize(), "IPPool BlockSize cannot be modified"));
            }
            if (o.allowedUses().contains("LoadBalancer") && !n.allowedUses().contains("LoadBalancer")) {
                errors.add(new FieldError("IPPool.Spec.AllowedUses", n.allowedUses(), "IPPool allowed use cannot be changed from LoadBalacer to Workload or Tunnel"));
            }
            if (!errors.isEmpty()) throw new ValidationException(errors);
        }
    }
}
