package dev.calicoctl.ipam;

import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.datastore.local.LocalDatastore;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Resource;
import dev.calicoctl.model.ResourceCodec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A throwaway local store with helpers to add pools, nodes and reservations. */
final class IpamFixture implements AutoCloseable {
    final dev.calicoctl.datastore.Datastore ds;
    final ResourceStore store;
    final Ipam ipam;

    IpamFixture(Path dir) {
        this(LocalDatastore.open(dir.resolve("ipam.db")));
    }

    IpamFixture(dev.calicoctl.datastore.Datastore ds) {
        this.ds = ds;
        this.store = new ResourceStore(ds);
        this.ipam = new Ipam(ds);
    }

    Resource apply(String yaml) {
        Resource last = null;
        for (Resource r : ResourceCodec.decode(yaml, "test")) last = store.apply(r);
        return last;
    }

    IpamFixture pool(String name, String cidr, String extraSpec) {
        apply("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: " + name + "\nspec:\n  cidr: " + cidr + "\n" + extraSpec);
        return this;
    }

    IpamFixture node(String name, String labels) {
        apply("apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: " + name + "\n  labels: " + labels + "\nspec: {}\n");
        return this;
    }

    List<IpAddress> assign(String node, String handle, int n) {
        return ipam.autoAssign(new AutoAssignRequest(node, handle, Map.of("node", node), n, 0, List.of(), List.of(), null, null, null)).ipv4();
    }

    List<IpAddress> assignFrom(String node, String handle, int n, String... pools) {
        return ipam.autoAssign(new AutoAssignRequest(node, handle, Map.of("node", node), n, 0, List.of(pools), List.of(), null, null, null)).ipv4();
    }

    List<IpAddress> assignInNamespace(String node, String handle, String ns, Map<String, String> nsLabels) {
        return ipam.autoAssign(new AutoAssignRequest(node, handle, Map.of("node", node, "namespace", ns), 1, 0, List.of(), List.of(), ns, nsLabels, null)).ipv4();
    }

    /** Checks every invariant of shared/spec/ipam.md that does not depend on workload endpoints. */
    void assertConsistent() {
        IpamCheck c = IpamCheck.run(ipam);
        List<String> problems = new ArrayList<>();
        for (String[] b : c.invalidBlocks) problems.add("invalid block " + b[0] + ": " + b[1]);
        for (IpamCheck.HandleMismatch m : c.handleMismatches) problems.add("handle mismatch " + m);
        problems.addAll(c.affinitiesWithoutBlock.stream().map(a -> "affinity without block " + a).toList());
        problems.addAll(c.blocksWithoutAffinity.stream().map(b -> "block without affinity " + b).toList());
        problems.addAll(c.allocationsOutsidePools.stream().map(i -> "outside pools " + i).toList());
        problems.addAll(c.duplicateAllocations.stream().map(i -> "duplicate " + i).toList());
        problems.addAll(c.missingHandles.stream().map(h -> "missing handle " + h).toList());
        problems.addAll(c.leakedHandles.stream().map(h -> "leaked handle " + h.id()).toList());
        Reservations res = ipam.reservations();
        for (AllocationBlock b : ipam.blocks()) {
            int reservedFree = 0;
            for (int o : b.unallocated) if (res.matches(b.ipOf(o))) reservedFree++;
            if (b.allocatedCount() + b.numFree(res) + reservedFree != b.numAddresses()) problems.add("block arithmetic " + b.cidr());
        }
        if (!problems.isEmpty()) throw new AssertionError("IPAM data inconsistent: " + problems);
    }

    @Override public void close() { ds.close(); }
}
