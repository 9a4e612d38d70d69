package dev.calicoctl.cli.ipam;

import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.Utilization;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * `ipam show --show-blocks` on a terminal: after each block's table row, a bar of its addresses
 * (in use, reserved, free). The table itself is left exactly as scripts get it; the bars go at the
 * end of the rows, so a terminal user reads both and a pipe gets the table alone.
 */
final class UtilisationBars {
    private UtilisationBars() {}

    static final int WIDTH = 20;

    static void append(String table, Ipam ipam, boolean colour, PrintStream out) {
        Map<String, Utilization.Usage> byCidr = new HashMap<>();
        for (Utilization.PoolUsage pu : Utilization.compute(ipam.pools(), ipam.blocks(false), ipam.reservations())) {
            for (Utilization.Usage b : pu.blocks()) byCidr.put(b.cidr().toString(), b);
        }
        for (String line : table.split("\n", -1)) {
            Utilization.Usage u = line.contains("Block") ? blockIn(line, byCidr) : null;
            if (u == null) {
                if (!line.isEmpty()) out.println(line);
                continue;
            }
            out.println(line + " " + bar(u, colour));
        }
    }

    /** The block whose CIDR is one of the row's cells. */
    private static Utilization.Usage blockIn(String line, Map<String, Utilization.Usage> byCidr) {
        for (String cell : line.split("[|\\s]+")) {
            Utilization.Usage u = byCidr.get(cell);
            if (u != null) return u;
        }
        return null;
    }

    /** WIDTH cells: '#' in use, 'r' reserved, '.' free (coloured blocks when colour is allowed). */
    static String bar(Utilization.Usage u, boolean colour) {
        long cap = Math.max(1, u.capacity());
        int used = (int) Math.round((double) u.inUse() * WIDTH / cap);
        if (u.inUse() > 0 && used == 0) used = 1;
        int reserved = (int) Math.min(WIDTH - used, Math.round((double) u.reserved() * WIDTH / cap));
        int free = WIDTH - used - reserved;
        if (!colour) return "[" + "#".repeat(used) + "r".repeat(reserved) + ".".repeat(free) + "]";
        String c = u.inUse() >= cap ? "\u001b[31m" : "\u001b[33m";
        return c + "\u2588".repeat(used) + "\u001b[34m" + "\u2592".repeat(reserved) + "\u001b[2m" + "\u2591".repeat(free) + "\u001b[0m";
    }
}
