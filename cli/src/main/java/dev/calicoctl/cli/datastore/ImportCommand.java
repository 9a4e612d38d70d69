package dev.calicoctl.cli.datastore;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.Keys;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Kind;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import dev.calicoctl.cli.term.Progress;
import java.util.Map;

/**
 * `datastore migrate import -f FILE`: into an empty datastore, which it locks; resources first,
 * then the cluster information (so the GUID carries over), then the IPAM data in bulk.
 */
public final class ImportCommand extends BaseCommand {
    String filename;

    @Override protected void define(Def d) {
        d.describe("Import the contents of an export into an empty datastore (locking it).",
                        "Run `calicoctl datastore migrate unlock` once you have checked the result.")
                .footer("", "Example:", "  calicoctl datastore migrate import -f calico-data.yaml");
        d.option("-f,--filename", "<filename>", null, "Filename of the export to import.", true, false, v -> filename = v);
    }

    @SuppressWarnings("unchecked")
    @Override protected boolean checksVersion() { return false; } // upstream's import skips it

    @Override protected int run(Session s) {
        String text;
        try {
            text = Files.readString(Path.of(filename));
        } catch (NoSuchFileException e) {
            throw new CliException("error while reading migration file: open " + filename + ": no such file or directory");
        } catch (IOException e) {
            throw new CliException("error while reading migration file: " + e.getMessage());
        }
        String[] parts = text.split("(?m)^===\\n", -1);
        if (parts.length != 3) throw new CliException("imported file: " + filename + " is improperly formatted. Try recreating with 'calicoctl export'");
        List<Resource> resources;
        Map<String, Object> clusterInfo, ipam;
        try {
            resources = ResourceCodec.decode(parts[0], filename);
            clusterInfo = Json.parseObject(parts[1]);
            ipam = Json.parseObject(parts[2]);
        } catch (CalicoException e) {
            throw new CliException("imported file: " + filename + " is improperly formatted (" + e.getMessage() + "). Try recreating with 'calicoctl export'");
        }

        Datastore ds = s.datastore();
        ResourceStore store = s.resources();
        // on Kubernetes, Nodes, Profiles and WorkloadEndpoints are Kubernetes' own objects seen through
        // Calico's eyes: they are neither checked nor imported (upstream leaves them to the cluster)
        boolean kubernetes = ds.orchestrator().isPresent();
        java.util.Set<String> derived = kubernetes ? java.util.Set.of("Node", "Profile", "WorkloadEndpoint") : java.util.Set.of();
        for (Kind k : Kinds.all()) {
            if (k == Kinds.CLUSTER_INFORMATION || derived.contains(k.name())) continue;
            if (!store.listStored(k, null).isEmpty()) {
                throw new CliException("datastore already has Calico resources: found existing Calico " + k.name() + " resource");
            }
        }
        if (!ds.list(Keys.IPAM).isEmpty()) throw new CliException("found existing IPAM resources");
        try {
            ClusterInfo.ensure(store);
            ClusterInfo.setReady(store, false);
        } catch (CalicoException e) {
            throw new CliException("error while attempting to lock the datastore for import: " + e.getMessage(), e);
        }

        int applied = 0;
        try (Progress progress = Progress.start(io(), "migrate import: resources", resources.size())) {
        for (Resource r : resources) {
            if (derived.contains(r.kind().name())) continue;
            try {
                store.create(r, true); // exported pools may overlap disabled ones, as they did in the source
                applied++;
                progress.step();
            } catch (CalicoException e) {
                throw new CliException("failed to import v3 resources: " + r.identifier() + ": " + e.getMessage(), e);
            }
        }
        }
        try {
            Resource ci = ClusterInfo.ensure(store).copy();
            if (clusterInfo.get("spec") instanceof Map<?, ?> spec) {
                for (Map.Entry<?, ?> e : spec.entrySet()) {
                    if (!"datastoreReady".equals(e.getKey())) ci.spec().put((String) e.getKey(), e.getValue());
                }
            }
            ci.spec().put("datastoreReady", false);
            store.internal().update(ci);
        } catch (CalicoException e) {
            throw new CliException("failed to update cluster information: " + e.getMessage(), e);
        }
        Map<String, String> kvs = new LinkedHashMap<>();
        for (String section : List.of("block_affinities", "blocks", "handles")) {
            if (ipam.get(section) instanceof List<?> l) for (Object o : l) addEntry(kvs, o);
        }
        if (ipam.get("config") != null) addEntry(kvs, ipam.get("config"));
        if (kvs.isEmpty()) {
            io().out().println("Successfully applied " + applied + " resource(s); no IPAM resources specified in file");
            return ExitCodes.OK;
        }
        try (Progress progress = Progress.start(io(), "migrate import: " + kvs.size() + " IPAM entries", 0)) {
            ds.createAll(kvs);
        } catch (DatastoreException e) {
            throw new CliException("failed to import any IPAM resources: [" + e.getMessage() + "]", e);
        }
        io().out().println("Successfully applied " + kvs.size() + " IPAM resource(s)");
        return ExitCodes.OK;
    }

    private static void addEntry(Map<String, String> kvs, Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("Key") instanceof String key) || m.get("Value") == null) {
            throw new CliException("failed to read IPAM resources: an entry without Key or Value");
        }
        if (!key.startsWith(Keys.IPAM)) throw new CliException("failed to read IPAM resources: " + key + " is not an IPAM key");
        kvs.put(key, Json.write(m.get("Value")));
    }
}
