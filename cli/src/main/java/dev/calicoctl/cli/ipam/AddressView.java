package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.ipam.AllocationBlock;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.model.IpAddress;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * `ipam show --ip A`: whether the address is allocated, under which handle, for whom.
 *
 * @param block null when no block holds the address
 * @param attr  null when the address is not allocated
 */
record AddressView(IpAddress ip, AllocationBlock block, Attribute attr) implements View {
    static AddressView of(Ipam ipam, IpAddress a) {
        AllocationBlock block = ipam.blockOf(a).orElse(null);
        return new AddressView(a, block, block == null ? null : block.attributeOf(block.ordinalOf(a)));
    }

    /** calicoctl's lines; an address in cooldown is an error there, as upstream. */
    @Override public void writeText(PrintStream out) {
        if (attr == null) {
            out.println(ip + " is not assigned");
            return;
        }
        if (attr.releasedAt() != null) throw new CliException("address " + ip + " is in cooldown");
        out.println("IP " + ip + " is in use");
        out.println(attr.handleId() != null ? "Handle ID: " + attr.sanitizedHandle() : "Handle ID: <none>");
        if (attr.secondary().isEmpty()) out.println("No Active Owner attributes defined");
        else {
            out.println("Active Owner Attributes:");
            for (Map.Entry<String, String> e : new TreeMap<>(attr.secondary()).entrySet()) out.println("  " + e.getKey() + ": " + e.getValue());
        }
        if (!attr.alternate().isEmpty()) {
            out.println("Alternate Owner Attributes:");
            for (Map.Entry<String, String> e : new TreeMap<>(attr.alternate()).entrySet()) out.println("  " + e.getKey() + ": " + e.getValue());
        }
    }

    /** {ip, assigned, block, handle, attributes, alternateAttributes}. */
    @Override public Object tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ip.toString());
        m.put("assigned", attr != null);
        m.put("block", block == null ? null : block.cidr().toString());
        m.put("handle", attr == null ? null : attr.handleId());
        m.put("attributes", attr == null ? new LinkedHashMap<String, Object>() : new TreeMap<String, Object>(attr.secondary()));
        m.put("alternateAttributes", attr == null ? new LinkedHashMap<String, Object>() : new TreeMap<String, Object>(attr.alternate()));
        return m;
    }
}
