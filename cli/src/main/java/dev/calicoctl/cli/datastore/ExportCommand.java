package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.output.Printable;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.Yaml;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.calicoctl.cli.term.Progress;
import java.util.Map;

/**
 * `datastore migrate export`, in calicoctl's format: each kind as a YAML list followed by "---",
 * then "===", the ClusterInformation as JSON, "===", and the IPAM data as JSON
 * ({"block_affinities","blocks","handles","config"}, each entry {"Key": etcd key, "Value": …}).
 */
public final class ExportCommand extends BaseCommand {
    /** calicoctl's export order (nodes before the kinds that refer to them), plus WorkloadEndpoints. */
    static final List<String> KINDS = List.of("IPPool", "BGPConfiguration", "BGPPeer", "FelixConfiguration", "GlobalNetworkPolicy",
            "StagedGlobalNetworkPolicy", "GlobalNetworkSet", "HostEndpoint", "KubeControllersConfiguration", "NetworkPolicy",
            "StagedNetworkPolicy", "StagedKubernetesNetworkPolicy", "NetworkSet", "Node", "IPReservation", "BGPFilter", "Tier",
            "IPAMConfiguration", "WorkloadEndpoint");

    @Override protected void define(Def d) {
        d.describe("Export the contents of the datastore (resources, cluster information, IPAM data) to standard output.",
                        "The datastore must be locked first (calicoctl datastore migrate lock).")
                .footer("", "Example:", "  calicoctl datastore migrate export > calico-data.yaml");
    }

    @Override protected int run(Session s) {
        ResourceStore store = s.resources();
        Resource ci = ClusterInfo.ensure(store);
        if (!ClusterInfo.locked(ci)) {
            throw new CliException("datastore is not locked. Run the `calicoctl datastore migrate lock` command in order to begin migration");
        }
        StringBuilder out = new StringBuilder();
        try (Progress progress = Progress.start(io(), "migrate export", KINDS.size() + 1)) {
        for (String name : KINDS) {
            progress.phase("migrate export: " + name);
            progress.step();
            Kind k = Kinds.byName(name);
            List<Resource> items = store.listStored(k, null);
            for (Resource r : items) {
                for (String f : List.of("uid", "resourceVersion", "creationTimestamp", "generation", "selfLink")) r.metadata().remove(f);
            }
            out.append(Yaml.write(Printable.list(k, items).tree())).append("---\n");
        }
        out.append("===\n").append(Json.writeIndented(ci.canonical())).append("\n===\n");
        progress.phase("migrate export: IPAM data");
        out.append(Json.writeIndented(ipam(s.datastore()))).append('\n');
        }
        PrintStream o = io().out();
        o.print(out);
        return ExitCodes.OK;
    }

    static Map<String, Object> ipam(Datastore ds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("block_affinities", entries(ds.list(Keys.IPAM + "host/")));
        List<Object> blocks = entries(ds.list(Keys.blockPrefix(4)));
        blocks.addAll(entries(ds.list(Keys.blockPrefix(6))));
        m.put("blocks", blocks);
        m.put("handles", entries(ds.list(Keys.HANDLES)));
        ds.get(Keys.IPAM_CONFIG).ifPresent(kv -> m.put("config", entry(kv)));
        return m;
    }

    private static List<Object> entries(List<KeyValue> kvs) {
        List<Object> out = new ArrayList<>();
        for (KeyValue kv : kvs) out.add(entry(kv));
        return out;
    }

    private static Map<String, Object> entry(KeyValue kv) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Key", kv.key());
        e.put("Value", Json.parse(kv.value()));
        e.put("TTL", 0L);
        return e;
    }
}
