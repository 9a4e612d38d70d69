package dev.calicoctl.datastore;

import dev.calicoctl.model.FieldError;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;
import dev.calicoctl.model.ValidationException;
import dev.calicoctl.model.Validator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * v3 resources on top of any Datastore: create, update, apply, delete, get, list, with
 * Calico's defaulting and validation. Everything kind-specific (read-only kinds, rules that
 * see other resources such as pool overlap, immutable fields) comes from the kind's hooks
 * ({@link Kind.Rules}); this class knows no kind by name. Messages are libcalico-go's.
 */
public final class ResourceStore implements Kind.Lookup {
    /** libcalico-go's words for a resource that does not exist, in the one NotFound type of every layer. */
    static DatastoreException.NotFound notFound(String identifier) {
        return new DatastoreException.NotFound("resource does not exist: " + identifier + " with error: <nil>");
    }

    /** libcalico-go: create of a resource that exists. */
    public static final class AlreadyExists extends DatastoreException {
        AlreadyExists(String identifier) { this(identifier, "<nil>"); }
        AlreadyExists(String identifier, String detail) { super("resource already exists: " + identifier + " with error: " + detail); }
    }

    /** libcalico-go: the resource changed since the caller read it. */
    public static final class UpdateConflict extends DatastoreException {
        UpdateConflict(String identifier, String detail) { super("update conflict: " + identifier + (detail == null ? "" : ": " + detail)); }
    }

    /** libcalico-go: an operation a kind does not allow. */
    public static final class NotSupported extends DatastoreException {
        public NotSupported(String op, String identifier, String reason) {
            super("operation " + op + " is not supported on " + identifier + (reason == null ? "" : ": " + reason));
        }
    }

    private final Datastore ds;
    private final boolean user;

    /** The store as users see it: read-only kinds refuse writes. */
    public ResourceStore(Datastore ds) { this(ds, true); }

    private ResourceStore(Datastore ds, boolean user) {
        this.ds = ds;
        this.user = user;
    }

    /** The same store for the tool's own bookkeeping (ClusterInformation, migration), without read-only refusals. */
    public ResourceStore internal() { return user ? new ResourceStore(ds, false) : this; }

    public Datastore datastore() { return ds; }

    @Override public List<Resource> list(Kind kind) { return list(kind, null); }

    /** The kind's client logic before validation (derived names, client defaults). */
    private static void prepare(Resource r) {
        List<FieldError> errors = new ArrayList<>();
        r.kind().rules().prepare(r, errors);
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }

    private void refuse(Kind.Operation op, Resource r) {
        if (!user) return;
        String[] no = r.kind().rules().refuse(op, r);
        if (no != null && Kind.ALREADY_EXISTS.equals(no[0])) throw new AlreadyExists(no[1], no[2]);
        if (no != null) throw new NotSupported(no[0], no[1], no.length > 2 ? no[2] : null);
    }

    private static String key(Resource r) { return Keys.resource(r.kind(), r.namespace(), r.name()); }

    public Resource create(Resource in) {
        return create(in, false);
    }

    /**
     * Creates a resource; {@code skipOverlapCheck} lets `ipam split` create pools inside the pool
     * it is replacing (upstream's UnsafeCreate).
     */
    public Resource create(Resource in, boolean skipOverlapCheck) {
        refuse(Kind.Operation.CREATE, in);
        Resource r = in.copy();
        prepare(r);
        Validator.validateAndDefault(r);
        if (!skipOverlapCheck) {
            List<FieldError> errors = new ArrayList<>();
            r.kind().rules().checkCreate(r, this, errors);
            if (!errors.isEmpty()) throw new ValidationException(errors);
        }
        String rv = r.resourceVersion();
        if (user && rv != null && !rv.isEmpty()) {
            throw new ValidationException(List.of(new FieldError("Metadata.ResourceVersion", rv, "field must not be set for a Create request")));
        }
        // Only name, namespace, labels and annotations come from the input; the server owns the rest.
        keepOnly(r, Map.of());
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
        for (Resource b : in.kind().rules().builtIns()) if (b.name().equals(in.name())) refuse(Kind.Operation.UPDATE, in); // never stored: refuse before reading
        for (int attempt = 0; ; attempt++) {
            Resource r = in.copy();
            prepare(r);
            Validator.validateAndDefault(r);
            KeyValue cur = ds.get(key(r)).orElseThrow(() -> notFound(r.identifier()));
            refuse(Kind.Operation.UPDATE, r); // after the read: a missing resource is "does not exist", as upstream
            if (wanted != null && !wanted.isEmpty() && !wanted.equals(Long.toString(cur.revision()))) {
                throw new UpdateConflict(r.identifier(), "resource version '" + wanted + "' is out of date (latest: " + cur.revision()
                        + "). Update the resource YAML/JSON in order to make changes");
            }
            Resource old = ResourceCodec.fromStoredJson(r.kind(), cur.value());
            List<FieldError> errors = new ArrayList<>();
            r.kind().rules().checkUpdate(old, r, this, errors);
            if (!errors.isEmpty()) throw new ValidationException(errors);
            // Keep the stored metadata; take only labels and annotations from the input.
            keepOnly(r, old.metadata());
            try {
                KeyValue kv = ds.update(key(r), ResourceCodec.toStoredJson(r), cur.revision());
                r.setResourceVersion(Long.toString(kv.revision()));
                return r;
            } catch (DatastoreException.Conflict e) {
                if (wanted != null && !wanted.isEmpty()) throw new UpdateConflict(r.identifier(), null);
                if (attempt >= 4) throw new UpdateConflict(r.identifier(), "still changing after 5 attempts");
            } catch (DatastoreException.NotFound e) {
                throw notFound(r.identifier());
            }
        }
    }

    /** Create, or update when it exists or its create is not supported (calicoctl's apply). */
    public Resource apply(Resource in) {
        refuse(Kind.Operation.APPLY, in);
        Resource forCreate = in.copy();
        forCreate.setResourceVersion(null);
        try {
            return create(forCreate);
        } catch (AlreadyExists | NotSupported e) {
            return update(in);
        }
    }

    /**
     * The input's metadata reduced to what a user may set (name, namespace, labels, annotations),
     * on top of {@code stored} (the server-owned fields of the stored object, or none on create).
     */
    private static void keepOnly(Resource r, Map<String, Object> stored) {
        Map<String, Object> in = r.metadata();
        Map<String, Object> out = new LinkedHashMap<>(stored);
        for (String f : List.of("name", "namespace")) if (in.get(f) != null) out.put(f, in.get(f));
        for (String f : List.of("labels", "annotations")) {
            if (in.get(f) instanceof Map<?, ?> m && !m.isEmpty()) out.put(f, in.get(f));
            else out.remove(f);
        }
        out.remove("resourceVersion");
        in.clear();
        in.putAll(out);
    }

    public Resource delete(Kind kind, String namespace, String name, String resourceVersion) {
        Resource probe = Resource.named(kind, namespace, name);
        refuse(Kind.Operation.DELETE, probe);
        String k = Keys.resource(kind, namespace, name);
        KeyValue cur = ds.get(k).orElseThrow(() -> notFound(probe.identifier()));
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals(Long.toString(cur.revision()))) {
            throw new UpdateConflict(probe.identifier(), null);
        }
        Resource old = ResourceCodec.fromStoredJson(kind, cur.value());
        try {
            ds.delete(k, cur.revision());
        } catch (DatastoreException.Conflict e) {
            throw new UpdateConflict(probe.identifier(), null);
        } catch (DatastoreException.NotFound e) {
            throw notFound(probe.identifier());
        }
        old.setResourceVersion(Long.toString(cur.revision()));
        return old;
    }

    public Optional<Resource> find(Kind kind, String namespace, String name) {
        Optional<Resource> stored = ds.get(Keys.resource(kind, namespace, name)).map(kv -> decode(kind, kv));
        if (stored.isPresent()) return stored;
        for (Resource b : kind.rules().builtIns()) if (b.name().equals(name)) return Optional.of(b.copy());
        return Optional.empty();
    }

    public Resource get(Kind kind, String namespace, String name) {
        return find(kind, namespace, name).orElseThrow(() -> notFound(Resource.named(kind, namespace, name).identifier()));
    }

    /** Every resource of a kind, in one namespace or (namespace null/empty) in all of them. */
    public List<Resource> list(Kind kind, String namespace) {
        List<Resource> out = listStored(kind, namespace);
        for (Resource b : kind.rules().builtIns()) out.add(b.copy()); // after the stored ones, as calicoctl lists them
        return out;
    }

    /** Only what is stored (no built-ins): what a migration exports and an import must find empty. */
    public List<Resource> listStored(Kind kind, String namespace) {
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
        Resource r;
        try {
            r = ResourceCodec.fromStoredJson(kind, kv.value());
        } catch (dev.calicoctl.model.CalicoException e) {
            // name the damaged key, so it can be found and repaired
            throw new DatastoreException("cannot decode the stored value of " + kv.key() + ": " + e.getMessage(), e);
        }
        r.setResourceVersion(Long.toString(kv.revision()));
        return r;
    }
}
