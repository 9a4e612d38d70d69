package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.output.BoxTable;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.Utilization;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `ipam show [--show-blocks]`: usage per pool (and per block). Text is calicoctl's boxed table; on a
 * terminal ({@code bars} not null) each block row is followed by its utilisation bar, after the
 * border, so the table itself stays as scripts get it. The tree's shape is documented in the README
 * ("ipam show for scripts") and pinned by tests: add fields, never rename.
 *
 * @param owners block CIDR to the node it is affine to (null: none)
 * @param bars   null for no bars, else whether they are drawn in colour
 */
record UtilizationView(List<Utilization.PoolUsage> usage, Map<String, String> owners, boolean withBlocks, Boolean bars) implements View {
    static UtilizationView of(Ipam ipam, boolean withBlocks, Boolean bars) {
        List<AllocationBlock> blocks = ipam.blocks(false);
        Map<String, String> owners = new HashMap<>();
        for (AllocationBlock b : blocks) owners.put(b.cidr().toString(), b.affinity() == null ? null : b.host());
        return new UtilizationView(Utilization.compute(ipam.pools(), blocks, ipam.reservations()), owners, withBlocks, bars);
    }

    @Override public void writeText(PrintStream out) {
        BoxTable t = new BoxTable(List.of("GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS RESERVED", "IPS FREE"), 2, 3, 4, 5);
        for (Utilization.PoolUsage pu : usage) {
            if (pu.usage() != null) t.add(row("IP Pool", pu.usage()));
            if (!withBlocks) continue;
            for (Utilization.Usage b : pu.blocks()) t.add(row("Block", b), bars == null ? null : UtilisationBar.bar(b, bars));
        }
        t.print(out);
    }

    private static List<String> row(String kind, Utilization.Usage u) {
        return List.of(kind, u.cidr().toString(), GoNumbers.g5(u.capacity()), GoNumbers.pct(u.inUse(), u.capacity()),
                GoNumbers.pct(u.reserved(), u.capacity()), GoNumbers.pct(u.free(), u.capacity()));
    }

    /** {pools: [{name, cidr, capacity, inUse, reserved, free, blocks?}], blocksOutsidePools?}. */
    @Override public Object tree() {
        List<Object> pools = new ArrayList<>();
        List<Object> outside = new ArrayList<>();
        for (Utilization.PoolUsage pu : usage) {
            List<Object> rows = new ArrayList<>();
            for (Utilization.Usage u : pu.blocks()) {
                Map<String, Object> b = usage(u);
                b.put("node", owners.get(u.cidr().toString()));
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
}
