package dev.calicoctl.cli;

import dev.calicoctl.cli.output.Printable;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.Validator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine behind create/apply/replace/delete/get/validate, following calicoctl's
 * ExecuteConfigCommand: load resources (from -f or KIND NAME...), fix namespaces, act on each,
 * and collect per-resource errors so the command can report full or partial success.
 */
final class CrudRunner {
    enum Action { APPLY, CREATE, UPDATE, DELETE, GET, VALIDATE }

    static final class Results {
        boolean fileInvalid;
        int numResources;
        int numHandled;
        CalicoException err;
        String singleKind;
        final List<Printable> printed = new ArrayList<>();
        final List<CalicoException> resErrs = new ArrayList<>();
    }

    static final class Request {
        FileOptions files;
        String kind;
        List<String> names = List.of();
        boolean allNamespaces;
        boolean export;
        boolean skipExists;
        boolean skipNotExists;
    }

    private CrudRunner() {}

    static Results execute(Session session, Request req, Action action) {
        Results results = new Results();
        List<Resource> resources = new ArrayList<>();
        boolean singleKind = false;
        boolean errorOnEmpty = !req.files.skipEmpty;
        if (req.files.filename != null) {
            try {
                for (ResourceFiles.Loaded l : ResourceFiles.load(req.files.filename, req.files.recursive, session.io().in())) {
                    if (l.resources().isEmpty() && errorOnEmpty) {
                        results.err = new CliException("no resources specified in file " + l.name());
                        return results;
                    }
                    resources.addAll(l.resources());
                }
            } catch (ResourceFiles.FileInvalid e) {
                results.err = e;
                results.fileInvalid = true;
                return results;
            }
            if (resources.isEmpty()) {
                if (errorOnEmpty) results.err = new CliException("no resources specified in directory " + req.files.filename);
                return results;
            }
        } else {
            singleKind = true;
            if (req.kind == null) {
                results.err = new CliException("no resources specified");
                return results;
            }
            Kind kind = Kinds.byAlias(req.kind);
            if (kind == null) {
                results.err = new CliException("resource type '" + req.kind + "' is not supported");
                return results;
            }
            for (String n : req.names) {
                if (n.isEmpty()) {
                    results.err = new CliException("resource name may not be empty");
                    return results;
                }
            }
            if (req.names.isEmpty()) resources.add(Resource.named(kind, null, null));
            else for (String n : req.names) resources.add(Resource.named(kind, null, n));
        }

        Set<String> kinds = new LinkedHashSet<>();
        String last = null;
        for (Resource r : resources) { kinds.add(r.kind().name()); last = r.kind().name(); }
        results.numResources = resources.size();
        if (kinds.size() == 1 || singleKind) results.singleKind = last;

        ResourceStore store = action == Action.VALIDATE ? null : session.resources();
        if (action == Action.APPLY || action == Action.CREATE || action == Action.UPDATE) {
            try {
                ClusterInfo.ensure(store); // calicoctl's tryEnsureInitialized
                ClusterInfo.ensureTiers(store);
            } catch (DatastoreException.Unavailable e) {
                results.err = e;
                return results;
            }
        }
        boolean nameSpecified = !req.names.isEmpty();
        try (dev.calicoctl.cli.term.Progress progress = dev.calicoctl.cli.term.Progress.start(session.io(), action.name().toLowerCase() + ": resources", resources.size())) {
        for (Resource r : resources) {
            progress.step();
            try {
                handleNamespace(r, req);
                Object out = act(store, r, action, req);
                if (out instanceof Printable p) {
                    if (req.export && nameSpecified) for (Resource x : p.items()) strip(x);
                    results.printed.add(p);
                }
                results.numHandled++;
            } catch (DatastoreException.Unavailable e) {
                // the datastore itself is down: no point trying the remaining resources
                results.err = e;
                return results;
            } catch (CalicoException e) {
                if (action == Action.UPDATE) {
                    results.err = e; // replace stops at the first failure
                    return results;
                }
                results.resErrs.add(e);
            }
        }
        }
        return results;
    }

    private static Object act(ResourceStore store, Resource r, Action action, Request req) {
        switch (action) {
            case APPLY: return store.apply(r);
            case CREATE:
                try {
                    return store.create(r);
                } catch (ResourceStore.AlreadyExists e) {
                    if (req.skipExists) return r;
                    throw e;
                }
            case UPDATE: return store.update(r);
            case DELETE:
                try {
                    return store.delete(r.kind(), r.namespace(), r.name(), r.resourceVersion());
                } catch (DatastoreException.NotFound e) {
                    if (req.skipNotExists) return r;
                    throw e;
                }
            case GET:
                if (r.name() != null && !r.name().isEmpty()) {
                    if (r.kind().namespaced() && (r.namespace() == null || r.namespace().isEmpty())) {
                        throw new CliException("cannot use --all-namespace flag for getting a single resource");
                    }
                    return Printable.single(store.get(r.kind(), r.namespace(), r.name()));
                }
                ResourceStore.Listing l = store.listing(r.kind(), r.namespace());
                List<Resource> items = l.items();
                if (r.kind() == Kinds.byName("Tier")) items = byTierOrder(items);
                return Printable.list(r.kind(), items, l.resourceVersion());
            case VALIDATE:
                Validator.validate(r);
                return r;
            default: throw new IllegalStateException(action.name());
        }
    }

    /** calicoctl lists tiers by spec.order, lowest first, those without an order last (a stable sort). */
    static List<Resource> byTierOrder(List<Resource> tiers) {
        List<Resource> out = new ArrayList<>(tiers);
        out.sort((a, b) -> {
            Object x = a.spec().get("order"), y = b.spec().get("order");
            if (!(x instanceof Number) || !(y instanceof Number)) {
                return (x instanceof Number ? 0 : 1) - (y instanceof Number ? 0 : 1);
            }
            return Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
        });
        return out;
    }

    /** calicoctl's handleNamespace: defaults, conflicts and non-namespaced kinds. */
    private static void handleNamespace(Resource r, Request req) {
        String cliNs = req.files.namespace == null ? "" : req.files.namespace;
        String resNs = r.namespace() == null ? "" : r.namespace();
        boolean allNs = req.allNamespaces;
        if (r.kind().namespaced()) {
            if (allNs && !cliNs.isEmpty()) throw new CliException("cannot use both --namespace and --all-namespaces flags at the same time");
            if (resNs.isEmpty() && !cliNs.isEmpty()) r.setNamespace(cliNs);
            else if (!resNs.isEmpty() && allNs) r.setNamespace(null);
            else if (resNs.isEmpty() && allNs) { /* every namespace */ }
            else if (resNs.isEmpty()) r.setNamespace("default");
            else if (!cliNs.isEmpty() && !resNs.equals(cliNs)) {
                throw new CliException("resource namespace does not match client namespace. " + resNs + " != " + cliNs);
            }
        } else if (!resNs.isEmpty()) {
            throw new CliException("namespace should not be specified for a non-namespaced resource. " + r.kind().name() + " is not a namespaced resource");
        } else if (allNs || !cliNs.isEmpty()) {
            throw new CliException(r.kind().name() + " is not namespaced");
        }
    }

    private static void strip(Resource r) {
        for (String f : List.of("namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")) {
            r.metadata().remove(f);
        }
    }
}
