package dev.calicoctl.cli.ipam;

import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamConfig;
import dev.calicoctl.ipam.Utilization;
import dev.calicoctl.model.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The trees `ipam show -o json|yaml` prints, one per form. Their shapes are documented in the
 * README ("ipam show for scripts") and pinned by IpamShowOutputTest: add fields, never rename.
 */
final class IpamShowData {
    private IpamShowData() {}

    /** ipam show [--show-blocks]: {pools: [{name, cidr, capacity, inUse, reserved, free, blocks?}], blocksOutsidePools?}. */
    static Map<String, Object> utilization(Ipam ipam, boolean withBlocks) {
        List<AllocationBlock> blocks = ipam.blocks(false);
        Map<String, String> owner = new HashMap<>();
        for (AllocationBlock b : blocks) owner.put(b.cidr().toString(), b.affinity() == null ? null : b.host());
        List<Object> pools = new ArrayList<>();
        List<Object> outside = new ArrayList<>();
        for (Utilization.PoolUsage pu : Utilization.compute(ipam.pools(), blocks, ipam.reservations())) {
            List<Object> rows = new ArrayList<>();
            for (Utilization.Usage u : pu.blocks()) {
                Map<String, Object> b = usage(u);
                b.put("node", owner.get(u.cidr().toString()));
                rows.add(b);
            }
            if (pu.pool() == null) {
                outside.addAll(rows);
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", pu.pool().name());
            p.putAll(usage(pu.usage()));
            if (withBlocks) p.put("blocks", rows);
            pools.add(p);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pools", pools);
        if (withBlocks) root.put("blocksOutsidePools", outside);
        return root;
    }

    private static Map<String, Object> usage(Utilization.Usage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cidr", u.cidr().toString());
        m.put("capacity", u.capacity());
        m.put("inUse", u.inUse());
        m.put("reserved", u.reserved());
        m.put("free", u.free());
        return m;
    }

    /** ipam show --ip A: {ip, assigned, block, handle, attributes, alternateAttributes}. */
    static Map<String, Object> ip(Ipam ipam, IpAddress a) {
        Optional<AllocationBlock> block = ipam.blockOf(a);
        Attribute attr = block.map(b -> b.attributeOf(b.ordinalOf(a))).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", a.toString());
        m.put("assigned", attr != null);
        m.put("block", block.map(b -> b.cidr().toString()).orElse(null));
        m.put("handle", attr == null ? null : attr.handleId());
        m.put("attributes", attr == null ? new LinkedHashMap<String, Object>() : new TreeMap<String, Object>(attr.secondary()));
        m.put("alternateAttributes", attr == null ? new LinkedHashMap<String, Object>() : new TreeMap<String, Object>(attr.alternate()));
        return m;
    }

    /** ipam show --show-borrowed: {borrowed: [{ip, borrowingNode, block, blockOwner, type, allocatedTo}], withoutNode}. */
    static Map<String, Object> borrowed(Ipam ipam) {
        List<Object> rows = new ArrayList<>();
        long unclassified = 0;
        for (AllocationBlock b : ipam.blocks()) {
            String owner = b.affinity() == null ? "" : b.host();
            for (int o = 0; o < b.numAddresses(); o++) {
                Attribute a = b.attributeOf(o);
                if (a == null) continue;
                String node = a.secondary().get("node");
                if (node == null) { unclassified++; continue; }
                if (node.equals(owner)) continue;
                String ns = a.secondary().getOrDefault("namespace", "");
                String type = "", to = "";
                if (a.secondary().containsKey("vmi-name")) { type = "vmi"; to = ns + "/" + a.secondary().get("vmi-name"); }
                else if (a.secondary().containsKey("pod")) { type = "pod"; to = ns + "/" + a.secondary().get("pod"); }
                else if (a.secondary().containsKey("type")) type = a.secondary().get("type");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ip", b.ipOf(o).toString());
                m.put("borrowingNode", node);
                m.put("block", b.cidr().toString());
                m.put("blockOwner", owner);
                m.put("type", type);
                m.put("allocatedTo", to);
                rows.add(m);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("borrowed", rows);
        root.put("withoutNode", unclassified);
        return root;
    }

    /**
     * ipam show --show-configuration: every field the table prints, named as IPAMConfiguration's v3
     * JSON; kubeVirtVMAddressPersistence is left out when unset (a Go pointer with omitempty).
     */
    static Map<String, Object> configuration(Ipam ipam) {
        IpamConfig c = ipam.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strictAffinity", c.strictAffinity());
        m.put("autoAllocateBlocks", c.autoAllocateBlocks());
        m.put("maxBlocksPerHost", (long) c.maxBlocksPerHost());
        if (c.kubeVirtVMAddressPersistence() != null) m.put("kubeVirtVMAddressPersistence", c.kubeVirtVMAddressPersistence());
        m.put("ipCooldownSeconds", (long) c.ipCooldownSeconds());
        return m;
    }
}
