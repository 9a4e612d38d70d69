package dev.calicoctl.cli.ipam;

import dev.calicoctl.ipam.CheckReport;
import dev.calicoctl.ipam.Handle;
import dev.calicoctl.ipam.IpamCheck;
import dev.calicoctl.model.IpAddress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * `ipam check --diff OLD.json`: what leaked since an earlier report. Both sides, the old
 * {@link CheckReport} and the fresh check, are reduced to {@link Leaks} (leaked addresses with their
 * handles, leaked handle IDs) and compared.
 */
final class ReportDiff {
    private ReportDiff() {}

    record Leaks(Map<IpAddress, String> ips, Set<String> handles) {}

    static Leaks fromCheck(IpamCheck c) {
        Map<IpAddress, String> ips = new TreeMap<>();
        for (String ip : c.leakedIps) {
            List<IpamCheck.Allocation> l = c.allocations.get(ip);
            ips.put(IpAddress.parse(ip), l == null || l.isEmpty() || l.get(0).handle == null ? "" : l.get(0).handle);
        }
        Set<String> handles = new TreeSet<>();
        for (Handle h : c.leakedHandles) handles.add(h.id());
        return new Leaks(ips, handles);
    }

    /** The leaks an `ipam check -o` report records (read strictly as release --from-report reads it). */
    static Leaks fromReport(Path file) {
        CheckReport r = IpamReleaseCommand.readReport(file.toString());
        Map<IpAddress, String> ips = new TreeMap<>();
        for (List<CheckReport.Allocation> l : r.allocations().values()) {
            for (CheckReport.Allocation a : l) {
                if (a.inUse() || a.coolingDown()) continue;
                ips.put(IpAddress.parse(a.ip()), a.handle() == null ? "" : a.handle());
            }
        }
        Set<String> handles = new TreeSet<>();
        for (CheckReport.LeakedHandle h : r.leakedHandles()) handles.add(h.id());
        return new Leaks(ips, handles);
    }

    static void print(Leaks old, Leaks now, String oldName, PrintStream out) {
        out.println();
        out.println("Changes since " + oldName + ":");
        TreeMap<IpAddress, String> added = new TreeMap<>(now.ips());
        added.keySet().removeAll(old.ips().keySet());
        TreeSet<IpAddress> gone = new TreeSet<>(old.ips().keySet());
        gone.removeAll(now.ips().keySet());
        out.println("  " + added.size() + " newly leaked IPs" + (added.isEmpty() ? "" : ":"));
        added.forEach((ip, h) -> out.println("    " + ip + (h.isEmpty() ? "" : "  handle " + h)));
        out.println("  " + gone.size() + " IPs no longer leaked" + (gone.isEmpty() ? "" : ":"));
        gone.forEach(ip -> out.println("    " + ip));
        out.println("  " + (now.ips().size() - added.size()) + " IPs still leaked");
        TreeSet<String> newHandles = new TreeSet<>(now.handles());
        newHandles.removeAll(old.handles());
        TreeSet<String> goneHandles = new TreeSet<>(old.handles());
        goneHandles.removeAll(now.handles());
        out.println("  " + newHandles.size() + " newly leaked handles" + (newHandles.isEmpty() ? "" : ": " + String.join(", ", newHandles)));
        out.println("  " + goneHandles.size() + " handles no longer leaked" + (goneHandles.isEmpty() ? "" : ": " + String.join(", ", goneHandles)));
    }
}
