package dev.calicoctl.cli.ipam;

import dev.calicoctl.ipam.Utilization;

/** The bar a terminal shows after a block's row in `ipam show --show-blocks`: in use, reserved, free. */
final class UtilisationBar {
    private UtilisationBar() {}

    static final int WIDTH = 20;

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
