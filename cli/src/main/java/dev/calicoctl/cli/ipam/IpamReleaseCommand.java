package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.VersionCommand;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.Workloads;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Resource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class IpamReleaseCommand extends BaseCommand {
    String ip;
    List<String> fromReport = new ArrayList<>();
    boolean force;
    String handle;

    @Override protected void define(Def d) {
        d.describe("Release a Calico assigned IP address, or the leaked addresses of an ipam check report.",
                "--handle (release every address of a handle) is an addition of calicoctl for Java.")
                .footer("", "Examples:", "  calicoctl ipam release --ip 10.0.0.1", "  calicoctl ipam release --from-report report.json");
        d.option("--ip", "<IP>", null, "IP address to release.", v -> ip = v);
        d.repeatable("--from-report", "<report>", "Release all leaked addresses from the report (may be repeated).", v -> fromReport = v);
        d.flag("--force", "Force release of leaked addresses.", v -> force = v);
        d.option("--handle", "<handle>", null, "Release every address recorded under this handle (calicoctl for Java addition).", v -> handle = v);
    }

    @Override protected int run(Session s) {
        Ipam ipam = new Ipam(s.datastore());
        PrintStream out = io().out();
        if (!fromReport.isEmpty()) {
            releaseFromReports(s, ipam, out);
            out.println("You may now unlock the data store.");
            return ExitCodes.OK;
        }
        if (handle != null) {
            int n;
            try {
                n = ipam.releaseByHandle(handle);
            } catch (CalicoException e) {
                throw new CliException("error: " + e.getMessage(), e);
            }
            out.println("Successfully released " + n + " IP address(es) of handle " + handle);
            return ExitCodes.OK;
        }
        if (ip == null) throw new CliException("one of --ip, --from-report or --handle is required");
        IpAddress a = IpamShowCommand.parseIp(ip);
        Ipam.ReleaseOutcome o = ipam.release(List.of(new Ipam.ReleaseOptions(a, null, null)));
        if (!o.errors().isEmpty()) throw new CliException("error: " + o.errors().get(0));
        if (!o.unallocated().isEmpty()) throw new CliException("IP address " + a + " is not assigned");
        Workloads.forget(s.resources(), o.released());
        out.println("Successfully released IP address " + a);
        return ExitCodes.OK;
    }

    private record LeakedHandle(String id, long revision) {}

    private record HandleFix(String handle, String block, int actual, long revision) {}

    @SuppressWarnings("unchecked")
    private void releaseFromReports(Session s, Ipam ipam, PrintStream out) {
        ResourceStore store = s.resources();
        Resource ci = ClusterInfo.ensure(store);
        String guid = String.valueOf(ci.spec().get("clusterGUID"));
        boolean foundCurrent = false;
        Map<String, Ipam.ReleaseOptions> ips = null;
        Map<String, LeakedHandle> handles = null;
        Map<String, HandleFix> fixes = new LinkedHashMap<>();
        Map<String, Ipam.Affinity> dangling = new LinkedHashMap<>();
        for (String file : fromReport) {
            Map<String, Object> r;
            try {
                String text = Files.readString(Path.of(file));
                r = Json.parseObject(text);
            } catch (IOException e) {
                throw new CliException("open " + file + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : e.getMessage()));
            } catch (CalicoException e) {
                throw new CliException("the provided report (" + file + ") is not a valid ipam check report: " + e.getMessage());
            }
            if (!(r.get("allocations") instanceof Map) && r.get("allocations") != null) {
                throw new CliException("the provided report (" + file + ") is not a valid ipam check report: allocations must be an object");
            }
            if (!guid.equals(String.valueOf(r.get("clusterGUID")))) {
                throw new CliException("cluster does not match the provided report (" + file + "): mismatched cluster GUID. Refusing to release");
            }
            if (!VersionCommand.VERSION.equals(r.get("version"))) {
                if (!force) throw new CliException("the provided report (" + file + ") was produced using a different version (" + r.get("version") + ") of calicoctl. Refusing to release");
                out.println("WARNING: Report was produced using a different version of calicoctl. Ignoring due to --force option");
            }
            if (ci.resourceVersion().equals(String.valueOf(r.get("clusterInformationRevision")))) foundCurrent = true;
            // an address (or handle) is released only if every report agrees it leaked
            Map<String, Ipam.ReleaseOptions> mergedIps = new LinkedHashMap<>();
            Map<String, Object> allocs = r.get("allocations") == null ? Map.of() : (Map<String, Object>) r.get("allocations");
            for (Object list : allocs.values()) {
                if (!(list instanceof List<?> l)) continue;
                for (Object o : l) {
                    if (!(o instanceof Map<?, ?> a)) continue;
                    if (Boolean.TRUE.equals(a.get("inUse")) || Boolean.TRUE.equals(a.get("coolingDown"))) continue;
                    String addr = String.valueOf(a.get("ip"));
                    if (ips != null && !ips.containsKey(addr)) continue;
                    IpAddress parsed = IpAddress.tryParse(addr);
                    if (parsed == null) throw new CliException("the provided report (" + file + ") lists an invalid IP: " + addr);
                    Long seq = a.get("sequenceNumber") instanceof Number n ? n.longValue() : null;
                    mergedIps.put(addr, new Ipam.ReleaseOptions(parsed, a.get("handle") == null ? null : a.get("handle").toString(), seq));
                }
            }
            ips = mergedIps;
            Map<String, LeakedHandle> mergedHandles = new LinkedHashMap<>();
            if (r.get("leakedHandles") instanceof List<?> l) {
                for (Object o : l) {
                    if (!(o instanceof Map<?, ?> h)) continue;
                    String id = String.valueOf(h.get("ID"));
                    long rev;
                    try { rev = Long.parseLong(String.valueOf(h.get("Revision"))); } catch (NumberFormatException e) { continue; }
                    if (handles == null || (handles.containsKey(id) && handles.get(id).revision() == rev)) mergedHandles.put(id, new LeakedHandle(id, rev));
                }
            }
            handles = mergedHandles;
            if (r.get("danglingAffinities") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m && m.get("revision") instanceof Number rev && m.get("host") != null
                            && dev.calicoctl.model.Cidr.tryParse(String.valueOf(m.get("block"))) != null) {
                        dangling.put(m.get("host") + " " + m.get("block"), new Ipam.Affinity(String.valueOf(m.get("host")),
                                dev.calicoctl.model.Cidr.parse(String.valueOf(m.get("block"))), String.valueOf(m.get("state")), rev.longValue()));
                    }
                }
            }
            if (r.get("handleMismatches") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m && m.get("actual") instanceof Number act && m.get("revision") instanceof Number rev) {
                        fixes.put(m.get("handle") + " " + m.get("block"), new HandleFix(String.valueOf(m.get("handle")), String.valueOf(m.get("block")), act.intValue(), rev.longValue()));
                    }
                }
            }
        }
        if (!foundCurrent) {
            throw new CliException("the provided reports are all stale - at least one should be up-to-date. Please generate a new report while the data store is locked and try again");
        }
        if (!ClusterInfo.locked(ci)) {
            if (!force) throw new CliException("data store is not locked. Either lock the data store, or re-run with --force");
            out.println("WARNING: Data store is not locked. Ignoring due to --force option");
        }
        if (!ips.isEmpty()) {
            out.println("Releasing " + ips.size() + " old IPs...");
            Ipam.ReleaseOutcome o = ipam.release(new ArrayList<>(ips.values()));
            if (!o.errors().isEmpty()) {
                out.println("An error occurred while releasing some IPs: " + o.errors().get(0) + ".  Problems are often caused by an out-of-date IPAM report.  Try regenerating the IPAM report and retry.");
            } else {
                out.println("Released " + (ips.size() - o.unallocated().size()) + " IPs successfully");
            }
            if (!o.unallocated().isEmpty()) out.println(o.unallocated().size() + " addresses marked as leaked in the report had already been cleaned up.");
            Workloads.forget(store, o.released());
        } else {
            out.println("Report didn't contain any leaked IPs to clean up.");
        }
        if (!handles.isEmpty()) {
            out.println("Deleting " + handles.size() + " handles...");
            out.println("Key: '.' = Deleted OK; 'x' = skip, handle missing/changed.");
            int ok = 0, skipped = 0;
            StringBuilder dots = new StringBuilder();
            for (LeakedHandle h : handles.values()) {
                if (ipam.deleteHandle(h.id(), h.revision())) { ok++; dots.append('.'); } else { skipped++; dots.append('x'); }
            }
            out.println(dots);
            out.println("Released " + ok + " handles; " + skipped + " skipped; 0 errors.");
        } else {
            out.println("Report didn't contain any handles to clean up.");
        }
        if (!fixes.isEmpty()) {
            int ok = 0, skipped = 0;
            for (HandleFix f : fixes.values()) {
                if (ipam.fixHandleCount(f.handle(), f.block(), f.actual(), f.revision())) ok++; else skipped++;
            }
            out.println("Corrected " + ok + " handle counts; " + skipped + " skipped (handle changed since the report).");
        }
        if (!dangling.isEmpty()) {
            int ok = 0, skipped = 0;
            for (Ipam.Affinity a : dangling.values()) {
                if (ipam.deleteAffinity(a.host(), a.block(), a.revision())) ok++; else skipped++;
            }
            out.println("Removed " + ok + " block affinities without a block; " + skipped + " skipped (changed since the report).");
        }
    }
}
