package dev.calicoctl.cli;

import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;

import java.util.List;
import java.util.Map;

public final class PatchCommand extends BaseCommand {
    String kindArg;
    String name;
    String patch;
    /** The patch formats: strategic and merge are both RFC 7386 merge patches here. */
    enum Type { STRATEGIC, JSON, MERGE }

    Type type = Type.STRATEGIC;
    String namespace;

    @Override protected void define(Def d) {
        d.describe("Patch a pre-existing resource in place.")
                .footer("", "Example:", "  calicoctl patch ippool external-pool -p '{\"spec\":{\"natOutgoing\":false}}'");
        d.positional(0, "KIND", "Kind of the resource.", v -> kindArg = v);
        d.positional(1, "NAME", "Name of the resource.", v -> name = v);
        d.option("-p,--patch", "<patch>", null, "Spec to use to patch the resource.", v -> patch = v);
        d.option("-t,--type", "<type>", "Format of patch type: strategic, json, or merge. Default: strategic",
                OptionTypes.lowerCase(Type.class, v -> "unsupported patch type '" + v + "' (expected strategic, json or merge)"), v -> type = v);
        d.option("-n,--namespace", "<namespace>", null, "Namespace of the resource.", v -> namespace = v);
    }

    @Override protected void requireFlags() {
        if (patch == null) throw new CliException("required flag(s) \"patch\" not set");
    }

    @Override protected int run(Session s) {
        Kind kind = Kinds.byAlias(kindArg);
        if (kind == null) throw new CliException("resource type '" + kindArg + "' is not supported");
        String ns = kind.namespaced() ? (namespace == null ? "default" : namespace) : null;
        if (!kind.namespaced() && namespace != null) throw new CliException(kind.name() + " is not namespaced");
        try {
            ResourceStore store = s.resources();
            Resource original = store.get(kind, ns, name);
            Object patchTree;
            try {
                patchTree = Json.parse(patch);
            } catch (CalicoException e) {
                throw new CliException("invalid patch: " + e.getMessage());
            }
            Object patched = switch (type) {
                case STRATEGIC, MERGE -> Patches.mergePatch(original.canonical(), patchTree);
                case JSON -> Patches.jsonPatch(original.canonical(), patchTree);
            };
            List<Resource> decoded = ResourceCodec.decode(Json.write(patched), "patch");
            if (decoded.size() != 1) throw new CliException("invalid number of patched resources: " + decoded.size());
            Resource updated = decoded.get(0);
            if (updated.kind() != kind || !name.equals(updated.name())) throw new CliException("a patch cannot change a resource's kind or name");
            // metadata merges: the patch may add labels/annotations; the rest stays the stored one
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = updated.metadata();
            meta.put("resourceVersion", original.resourceVersion());
            store.update(updated);
        } catch (CalicoException e) {
            throw CrudReport.patchFailed(kind.name(), e);
        }
        return CrudReport.patched(kind.name(), io().out());
    }
}
