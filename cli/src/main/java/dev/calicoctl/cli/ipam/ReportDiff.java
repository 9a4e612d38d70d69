package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.CliException;
import dev.calicoctl.ipam.Handle;
import dev.calicoctl.ipam.IpamCheck;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * `ipam check --diff OLD.json`: what leaked since an earlier report. Both sides are reduced to a
 * {@link Leaks} (leaked addresses with their handles, leaked handle IDs), so when the check report
 * becomes a typed class only {@link #fromReport} changes.
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

    /** The leaks an `ipam check -o` report records (calicoctl's format): allocations not in use, leakedHandles. */
    static Leaks fromReport(Path file) {
        Map<String, Object> r;
        try {
            r = Json.parseObject(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CliException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new CliException("open " + file + ": " + e.getMessage());
        } catch (CalicoException e) {
            throw new CliException("the provided report (" + file + ") is not a valid ipam check report: " + e.getMessage());
        }
        Map<IpAddress, String> ips = new TreeMap<>();
        if (r.get("allocations") instanceof Map<?, ?> allocs) {
            for (Object list : allocs.values()) {
                if (!(list instanceof List<?> l)) continue;
                for (Object o : l) {
                    if (!(o instanceof Map<?, ?> a) || Boolean.TRUE.equals(a.get("inUse")) || Boolean.TRUE.equals(a.get("coolingDown"))) continue;
                    IpAddress ip = IpAddress.tryParse(String.valueOf(a.get("ip")));
                    if (ip == null) throw new CliException("the provided report (" + file + ") lists an invalid IP: " + a.get("ip"));
                    ips.put(ip, a.get("handle") == null ? "" : String.valueOf(a.get("handle")));
                }
            }
        } else if (r.get("allocations") != null) {
            throw new CliException("the provided report (" + file + ") is not a valid ipam check report: allocations must be an object");
        }
        Set<String> handles = new TreeSet<>();
        if (r.get("leakedHandles") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> h && h.get("ID") != null) handles.add(String.valueOf(h.get("ID")));
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
