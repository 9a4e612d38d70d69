package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.VersionCommand;
import dev.calicoctl.cli.audit.AuditLog;
import dev.calicoctl.cli.term.Progress;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.Attribute;
import dev.calicoctl.ipam.CheckReport;
import dev.calicoctl.ipam.CheckReportCodec;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.Workloads;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Resource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class IpamReleaseCommand extends BaseCommand {
    String ip;
    List<String> fromReport = new ArrayList<>();
    boolean force;
    String handle;
    boolean dryRun;
    /** The from-report run's progress (stderr, terminal only). */
    private Progress progress;

    @Override protected void define(Def d) {
        d.describe("Release a Calico assigned IP address, or the leaked addresses of an ipam check report.",
                "--handle (release every address of a handle) is an addition of calicoctl for Java.")
                .footer("", "Every real release appends a JSON line to ${XDG_STATE_HOME:-~/.local/state}/calicoctl/audit.log (see ipam audit).",
                        "", "Examples:", "  calicoctl ipam release --ip 10.0.0.1", "  calicoctl ipam release --from-report report.json --dry-run",
                        "  calicoctl ipam release --from-report report.json");
        d.option("--ip", "<IP>", null, "IP address to release.", v -> ip = v);
        d.repeatable("--from-report", "<report>", "Release all leaked addresses from the report (may be repeated).", v -> fromReport = v);
        d.flag("--force", "Force release of leaked addresses.", v -> force = v);
        d.option("--handle", "<handle>", null, "Release every address recorded under this handle (calicoctl for Java addition).", v -> handle = v);
        d.flag("--dry-run", "Print exactly what would be released and change nothing (calicoctl for Java addition).", v -> dryRun = v);
    }

    @Override protected int run(Session s) {
        Ipam ipam = new Ipam(s.datastore());
        PrintStream out = io().out();
        if (!fromReport.isEmpty()) {
            releaseFromReports(s, ipam, out);
            if (!dryRun) out.println("You may now unlock the data store.");
            return ExitCodes.OK;
        }
        if (handle != null && ip != null) throw new CliException("--ip and --handle cannot be used together");
        if (handle != null) return releaseHandle(s, ipam, out);
        if (ip == null) throw new CliException("one of --ip, --from-report or --handle is required");
        IpAddress a = IpamShowCommand.parseIp(ip);
        if (dryRun) {
            Attribute attr = ipam.blockOf(a).map(b -> b.attributeOf(b.ordinalOf(a))).orElse(null);
            if (attr == null) throw new CliException("IP address " + a + " is not assigned");
            out.println("Dry run: nothing is changed.");
            out.println("Would release IP address " + a + describe(attr));
            return ExitCodes.OK;
        }
        Ipam.ReleaseOutcome o;
        try {
            o = ipam.release(List.of(new Ipam.ReleaseOptions(a, null, null)));
        } catch (RuntimeException e) {
            audit(s, "ipam release --ip", List.of(a.toString()), List.of(), "error: " + e.getMessage());
            throw e;
        }
        if (!o.errors().isEmpty()) {
            audit(s, "ipam release --ip", List.of(a.toString()), List.of(), "error: " + o.errors().get(0));
            throw new CliException("error: " + o.errors().get(0));
        }
        if (!o.unallocated().isEmpty()) {
            audit(s, "ipam release --ip", List.of(a.toString()), List.of(), "not assigned");
            throw new CliException("IP address " + a + " is not assigned");
        }
        Workloads.forget(s.resources(), o.released());
        audit(s, "ipam release --ip", List.of(a.toString()), List.of(), "released 1 of 1");
        out.println("Successfully released IP address " + a);
        return ExitCodes.OK;
    }

    private int releaseHandle(Session s, Ipam ipam, PrintStream out) {
        if (dryRun) {
            List<IpAddress> held;
            try {
                held = ipam.addressesOfHandle(handle);
            } catch (CalicoException e) {
                throw new CliException("error: " + e.getMessage(), e);
            }
            out.println("Dry run: nothing is changed.");
            out.println("Would release " + held.size() + " IP address(es) of handle " + handle + (held.isEmpty() ? "" : ":"));
            for (IpAddress a : held) out.println("  " + a);
            return ExitCodes.OK;
        }
        List<IpAddress> released;
        try {
            released = ipam.releaseHandle(handle);
        } catch (CalicoException e) {
            audit(s, "ipam release --handle", List.of(), List.of(handle), "error: " + e.getMessage());
            throw new CliException("error: " + e.getMessage(), e);
        }
        // the pod's endpoint must not keep addresses the next assignment may hand to another pod
        Workloads.forget(s.resources(), released);
        audit(s, "ipam release --handle", released.stream().map(IpAddress::toString).toList(), List.of(handle), "released " + released.size());
        out.println("Successfully released " + released.size() + " IP address(es) of handle " + handle);
        return ExitCodes.OK;
    }

    /** " (handle H, pod ns/name, node N)": whose address it is. */
    private static String describe(Attribute attr) {
        List<String> parts = new ArrayList<>();
        if (attr.handleId() != null) parts.add("handle " + attr.handleId());
        Map<String, String> sec = attr.secondary();
        if (sec.containsKey("pod")) parts.add("pod " + sec.getOrDefault("namespace", "") + "/" + sec.get("pod"));
        if (sec.containsKey("node")) parts.add("node " + sec.get("node"));
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** One audit line per real release; a failure to write it is a warning (the release happened). */
    private void audit(Session s, String command, List<String> addresses, List<String> handles, String result) {
        List<String> reports = fromReport.stream().map(f -> Path.of(f).toAbsolutePath().normalize().toString()).toList();
        try {
            AuditLog.append(io(), AuditLog.entry(io(), s.config(), command, addresses, handles, reports, result));
        } catch (IOException | RuntimeException e) {
            io().err().println("warning: could not append to the audit log " + AuditLog.path(io()) + ": " + e.getMessage());
        }
    }

    /** Reads one report strictly; anything but a regular file holding one is a one-line refusal. */
    static CheckReport readReport(String file) {
        Path p = Path.of(file);
        if (Files.isDirectory(p)) throw new CliException("read " + file + ": is a directory");
        if (Files.exists(p) && !Files.isRegularFile(p)) throw new CliException("read " + file + ": not a regular file");
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p))) {
            return CheckReportCodec.read(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("open " + file + ": no such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException("open " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException("read " + file + ": " + e.getMessage());
        } catch (CheckReportCodec.Malformed e) {
            throw new CliException("the provided report (" + file + ") is not a valid ipam check report: " + e.getMessage());
        }
    }

    private void releaseFromReports(Session s, Ipam ipam, PrintStream out) {
        ResourceStore store = s.resources();
        Resource ci = ClusterInfo.ensure(store);
        String guid = String.valueOf(ci.spec().get("clusterGUID"));
        boolean foundCurrent = false;
        Map<String, Ipam.ReleaseOptions> ips = null;
        Map<String, CheckReport.LeakedHandle> handles = null;
        Map<String, CheckReport.HandleMismatch> fixes = new LinkedHashMap<>();
        Map<String, CheckReport.DanglingAffinity> dangling = new LinkedHashMap<>();
        for (String file : fromReport) {
            CheckReport r = readReport(file);
            if (!guid.equals(r.clusterGUID())) {
                throw new CliException("cluster does not match the provided report (" + file + "): mismatched cluster GUID. Refusing to release");
            }
            if (!VersionCommand.VERSION.equals(r.version())) {
                if (!force) throw new CliException("the provided report (" + file + ") was produced using a different version (" + r.version() + ") of calicoctl. Refusing to release");
                out.println("WARNING: Report was produced using a different version of calicoctl. Ignoring due to --force option");
            }
            // the report must have been made after the lock: ClusterInformation's revision is the witness
            if (ci.resourceVersion().equals(r.clusterInformationRevision())) foundCurrent = true;
            // an address (or handle) is released only if every report agrees it leaked
            Map<String, Ipam.ReleaseOptions> mergedIps = new LinkedHashMap<>();
            for (List<CheckReport.Allocation> l : r.allocations().values()) {
                for (CheckReport.Allocation a : l) {
                    if (a.inUse() || a.coolingDown()) continue;
                    if (ips != null && !ips.containsKey(a.ip())) continue;
                    mergedIps.put(a.ip(), new Ipam.ReleaseOptions(IpAddress.parse(a.ip()), a.handle(), a.sequenceNumber()));
                }
            }
            ips = mergedIps;
            Map<String, CheckReport.LeakedHandle> mergedHandles = new LinkedHashMap<>();
            for (CheckReport.LeakedHandle h : r.leakedHandles()) {
                if (handles == null || (handles.containsKey(h.id()) && handles.get(h.id()).revision().equals(h.revision()))) mergedHandles.put(h.id(), h);
            }
            handles = mergedHandles;
            for (CheckReport.DanglingAffinity a : r.danglingAffinities()) dangling.put(a.host() + " " + a.block(), a);
            for (CheckReport.HandleMismatch m : r.handleMismatches()) fixes.put(m.handle() + " " + m.block(), m);
        }
        if (!foundCurrent) {
            throw new CliException("the provided reports are all stale - at least one should be up-to-date. Please generate a new report while the data store is locked and try again");
        }
        if (dryRun) {
            printPlan(out, ipam, ips, handles, fixes, dangling, ClusterInfo.locked(ci));
            return;
        }
        if (!ClusterInfo.locked(ci)) {
            if (!force) throw new CliException("data store is not locked. Either lock the data store, or re-run with --force");
            out.println("WARNING: Data store is not locked. Ignoring due to --force option");
        }
        List<String> releasedIps = new ArrayList<>(), deletedHandles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Progress progress = Progress.start(io(), "ipam release: " + ips.size() + " addresses", handles.size())) {
            this.progress = progress;
            releasePlan(ipam, out, store, ips, handles, fixes, dangling, releasedIps, deletedHandles, problems);
        } catch (RuntimeException e) {
            problems.add("error: " + e.getMessage());
            throw e;
        } finally {
            String result = "released " + releasedIps.size() + " of " + ips.size() + " IPs, deleted " + deletedHandles.size() + " of " + handles.size() + " handles"
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
            audit(s, "ipam release --from-report", releasedIps, deletedHandles, result);
        }
    }

    private void releasePlan(Ipam ipam, PrintStream out, ResourceStore store, Map<String, Ipam.ReleaseOptions> ips,
                             Map<String, CheckReport.LeakedHandle> handles, Map<String, CheckReport.HandleMismatch> fixes,
                             Map<String, CheckReport.DanglingAffinity> dangling,
                             List<String> releasedIps, List<String> deletedHandles, List<String> problems) {
        // Counts first: the report's handle revisions hold only until this command releases that
        // handle's leaked addresses (a crash between handle and block writes can leave both on one handle).
        if (!fixes.isEmpty()) {
            int ok = 0, skipped = 0;
            for (CheckReport.HandleMismatch f : fixes.values()) {
                if (ipam.fixHandleCount(f.handle(), f.block(), (int) Math.min(Integer.MAX_VALUE, f.actual()), f.revision())) ok++; else skipped++;
            }
            out.println("Corrected " + ok + " handle counts; " + skipped + " skipped (handle changed since the report).");
        }
        if (!ips.isEmpty()) {
            out.println("Releasing " + ips.size() + " old IPs...");
            Ipam.ReleaseOutcome o = ipam.release(new ArrayList<>(ips.values()));
            progress.phase("ipam release: deleting " + handles.size() + " handles");
            for (IpAddress a : o.released()) releasedIps.add(a.toString());
            if (!o.errors().isEmpty()) problems.add("error: " + o.errors().get(0));
            if (!o.unallocated().isEmpty()) problems.add(o.unallocated().size() + " already released");
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
            int errors = 0;
            for (CheckReport.LeakedHandle h : handles.values()) {
                // as calicoctl: delete only if the handle is exactly as the report saw it (revision and UID)
                progress.step();
                try {
                    Optional<dev.calicoctl.ipam.Handle> cur = ipam.handle(h.id());
                    boolean same = cur.isPresent() && Long.toString(cur.get().revision()).equals(h.revision()) && h.uid() == null;
                    if (same && ipam.deleteHandle(h.id(), cur.get().revision())) { ok++; dots.append('.'); deletedHandles.add(h.id()); } else { skipped++; dots.append('x'); }
                } catch (CalicoException e) {
                    // a handle that cannot be read or deleted (not a conflict): counted, named, and the rest go on, as calicoctl
                    errors++;
                    dots.append("\nDeleting handle ").append(h.id()).append(" failed: ").append(e.getMessage()).append(".\n");
                }
            }
            out.println(dots);
            out.println("Released " + ok + " handles; " + skipped + " skipped; " + errors + " errors.");
            if (errors > 0) problems.add(errors + " handles not deleted (errors)");
        } else {
            out.println("Report didn't contain any handles to clean up.");
        }
        if (!dangling.isEmpty()) {
            int ok = 0, skipped = 0;
            for (CheckReport.DanglingAffinity a : dangling.values()) {
                if (ipam.deleteAffinity(a.host(), dev.calicoctl.model.Cidr.parse(a.block()), a.revision())) ok++; else skipped++;
            }
            out.println("Removed " + ok + " block affinities without a block; " + skipped + " skipped (changed since the report).");
        }
    }

    /** --dry-run of --from-report: what the real run would do, item by item, with nothing written. */
    private static void printPlan(PrintStream out, Ipam ipam, Map<String, Ipam.ReleaseOptions> ips, Map<String, CheckReport.LeakedHandle> handles,
                                  Map<String, CheckReport.HandleMismatch> fixes, Map<String, CheckReport.DanglingAffinity> dangling, boolean locked) {
        out.println("Dry run: nothing is changed.");
        if (!locked) out.println("Note: the data store is not locked; the release itself needs it locked (or --force).");
        out.println("Would release " + ips.size() + " IPs" + (ips.isEmpty() ? "." : ":"));
        for (Ipam.ReleaseOptions o : ips.values()) {
            String still = ipam.blockOf(o.address()).map(b -> b.isAllocated(b.ordinalOf(o.address()))).orElse(false) ? "" : " (already released)";
            out.println("  " + o.address() + (o.handle() == null ? "" : "  handle " + o.handle()) + still);
        }
        out.println("Would delete " + handles.size() + " handles" + (handles.isEmpty() ? "." : ":"));
        for (CheckReport.LeakedHandle h : handles.values()) out.println("  " + h.id());
        if (!fixes.isEmpty()) {
            out.println("Would correct " + fixes.size() + " handle counts:");
            for (CheckReport.HandleMismatch f : fixes.values()) out.println("  handle " + f.handle() + " in block " + f.block() + " to " + f.actual());
        }
        if (!dangling.isEmpty()) {
            out.println("Would remove " + dangling.size() + " block affinities without a block:");
            for (CheckReport.DanglingAffinity a : dangling.values()) out.println("  " + a.host() + " " + a.block());
        }
    }
}
