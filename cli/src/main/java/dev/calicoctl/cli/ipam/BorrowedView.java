package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.output.BoxTable;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.Ipam;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `ipam show --show-borrowed`: addresses allocated to a node other than their block's owner. */
record BorrowedView(List<Row> rows, long withoutNode) implements View {
    record Row(String ip, String borrowingNode, String block, String blockOwner, String type, String allocatedTo) {}

    static BorrowedView of(Ipam ipam) {
        List<Row> rows = new ArrayList<>();
        long unclassified = 0;
        for (AllocationBlock b : ipam.blocks()) {
            String owner = owner(b.affinity());
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
                rows.add(new Row(b.ipOf(o).toString(), node, b.cidr().toString(), owner, type, to));
            }
        }
        return new BorrowedView(rows, unclassified);
    }

    /** As upstream: the affinity split on ':', its second part only when there are exactly two ("" without affinity). */
    static String owner(String affinity) {
        if (affinity == null) return "";
        String[] parts = affinity.split(":", -1);
        return parts.length == 2 ? parts[1] : parts[0];
    }

    @Override public void writeText(PrintStream out) {
        BoxTable t = new BoxTable(List.of("IP", "BORROWING-NODE", "BLOCK", "BLOCK OWNER", "TYPE", "ALLOCATED-TO"));
        for (Row r : rows) t.add(List.of(r.ip(), r.borrowingNode(), r.block(), r.blockOwner(), r.type(), r.allocatedTo()));
        t.print(out);
        if (withoutNode != 0) {
            out.println();
            out.println("Note: found " + withoutNode + " IP allocations without an explicit node association. Unable to determine if they are borrowed.");
        }
    }

    /** {borrowed: [{ip, borrowingNode, block, blockOwner, type, allocatedTo}], withoutNode}. */
    @Override public Object tree() {
        List<Object> l = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ip", r.ip());
            m.put("borrowingNode", r.borrowingNode());
            m.put("block", r.block());
            m.put("blockOwner", r.blockOwner());
            m.put("type", r.type());
            m.put("allocatedTo", r.allocatedTo());
            l.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("borrowed", l);
        root.put("withoutNode", withoutNode);
        return root;
    }
}
