package dev.calicoctl.cli;

import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;

import java.util.LinkedHashMap;
import java.util.Map;

public final class LabelCommand extends BaseCommand {
    String kindArg;
    String name;
    String labelArg;
    boolean overwrite;
    boolean remove;
    String namespace;

    @Override protected void define(Def d) {
        d.describe("Add, update or remove labels of a resource.")
                .footer("", "Examples:", "  calicoctl label nodes node1 cluster=frontend",
                        "  calicoctl label nodes node1 cluster=backend --overwrite", "  calicoctl label nodes node1 cluster --remove");
        d.positional(0, "KIND", "Kind of the resource.", v -> kindArg = v);
        d.positional(1, "NAME", "Name of the resource.", v -> name = v);
        d.positional(2, "key=value | key", "The label to set, or (with --remove) to remove.", v -> labelArg = v).moreArgsIgnored();
        d.flag("--overwrite", "Overwrite the value when the key is already present in labels.", v -> overwrite = v);
        d.flag("--remove", "Remove the specified key from labels.", v -> remove = v);
        d.option("-n,--namespace", "<namespace>", null, "Namespace of the resource.", v -> namespace = v);
    }

    @Override protected String versionErrorPrefix() { return "failed to get " + kindArg + " " + name + ", error "; }

    @Override protected int run(Session s) {
        Kind kind = Kinds.byAlias(kindArg);
        if (kind == null) throw new CliException("failed to get " + kindArg + " " + name + ", error resource type '" + kindArg + "' is not supported");
        String key, value = null;
        if (remove) key = labelArg;
        else {
            int eq = labelArg.indexOf('=');
            if (eq < 0) throw new CliException("invalid label " + labelArg);
            key = labelArg.substring(0, eq);
            value = labelArg.substring(eq + 1);
        }
        String ns = kind.namespaced() ? (namespace == null ? "default" : namespace) : null;
        ResourceStore store = s.resources();
        Resource r;
        try {
            r = store.get(kind, ns, name);
        } catch (DatastoreException.NotFound e) {
            throw new CliException(kindArg + " " + name + " not found");
        } catch (CalicoException e) {
            throw new CliException("failed to get " + kindArg + " " + name + ", error " + e.getMessage(), e);
        }
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        boolean overwritten = false;
        if (remove) {
            if (!labels.containsKey(key)) throw new CliException("cannot remove label of " + kindArg + " " + name + ", key " + key + " does not exist");
            labels.remove(key);
        } else if (labels.containsKey(key)) {
            if (!overwrite && !value.equals(labels.get(key))) {
                throw new CliException("failed to update label of " + kindArg + " " + name + ", key " + key
                        + " is already present. please use '--overwrite' to set a new value");
            }
            labels.put(key, value);
            overwritten = true;
        } else {
            labels.put(key, value);
        }
        r.setMeta("labels", labels.isEmpty() ? null : labels);
        try {
            store.update(r);
        } catch (CalicoException e) {
            throw new CliException("failed to update " + kindArg + " " + name + ", label not changed: " + e.getMessage(), e);
        }
        CrudReport.LabelChange change = remove ? CrudReport.LabelChange.REMOVED : overwritten ? CrudReport.LabelChange.UPDATED : CrudReport.LabelChange.SET;
        return CrudReport.labelled(change, key, kindArg, name, io().out());
    }
}
