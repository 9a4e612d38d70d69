package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.VersionCommand;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.ipam.CheckReport;
import dev.calicoctl.ipam.CheckReportCodec;
import dev.calicoctl.ipam.Handle;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamCheck;
import dev.calicoctl.model.Json;
import dev.calicoctl.model.Resource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import dev.calicoctl.cli.term.Progress;
import java.util.Map;

public final class IpamCheckCommand extends BaseCommand {
    boolean showAllIps;
    boolean showProblemIps;
    String output;
    String kubeconfig;
    String diff;

    @Override protected void define(Def d) {
        d.describe("Check the integrity of the IPAM datastructures.",
                "Beyond calicoctl's checks it verifies the IPAM data's own consistency: handle counts against",
                "allocations, affinities against blocks, allocations outside every pool.");
        d.flag("--show-all-ips", "Print all IPs that are checked.", v -> showAllIps = v);
        d.flag("--show-problem-ips", "Print all IPs that are leaked or not allocated properly.", v -> showProblemIps = v);
        d.option("-o,--output", "<file>", null, "Path to output report file.", v -> output = v);
        d.option("--diff", "<old-report>", null, "Also show what leaked, and what stopped leaking, since this earlier report (calicoctl for Java addition).", v -> diff = v);
        d.option("--kubeconfig", "<file>", null, "Path to Kubeconfig file (unused by the local and etcd datastores).", v -> kubeconfig = v);
    }

    @Override protected int run(Session s) {
        PrintStream out = io().out();
        Path temp = output == null ? null : reportTemp(Path.of(output));
        try {
            return check(s, out, temp);
        } finally {
            if (temp != null) try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* moved or best effort */ }
        }
    }

    private int check(Session s, PrintStream out, Path temp) {
        // a bad old report fails before the scan, not after minutes of it
        ReportDiff.Leaks old = diff == null ? null : ReportDiff.fromReport(Path.of(diff));
        out.println("Checking IPAM for inconsistencies...");
        out.println();
        Resource ci = ClusterInfo.ensure(s.resources());
        Ipam ipam = new Ipam(s.datastore());
        IpamCheck c;
        try (Progress progress = Progress.start(io(), "ipam check: scanning blocks, handles, workloads and nodes", 0)) {
            c = IpamCheck.run(ipam);
        }
        dev.calicoctl.cli.Trace.mark("check computed " + c.phaseMillis);

        out.println("Loading all IPAM blocks...");
        out.println("Found " + c.blocks.size() + " IPAM blocks.");
        StringBuilder sb = new StringBuilder();
        for (IpamCheck.BlockSummary b : c.blocks) sb.append(" IPAM block ").append(b.cidr()).append(" affinity=").append(b.affinity()).append(":\n");
        if (showAllIps) {
            for (List<IpamCheck.Allocation> l : sorted(c.allocations).values()) {
                for (IpamCheck.Allocation a : l) sb.append("  ").append(a.ip).append(" allocated; attrs ").append(a.attrString()).append('\n');
            }
        }
        out.print(sb);
        out.println("IPAM blocks record " + c.numAllocations + " allocations.");
        out.println();
        out.println("Loading all IPAM pools...");
        for (String p : c.activePools) out.println("  " + p);
        out.println("Found " + c.activePools.size() + " active IP pools.");
        out.println();
        out.println("Loading all nodes.");
        out.println("Found " + c.nodeTunnelIps + " node tunnel IPs.");
        out.println();
        out.println("Loading all workload endpoints.");
        out.println("Found " + c.workloadIps + " workload IPs.");
        out.println("Workloads and nodes are using " + c.inUseIps.size() + " IPs.");
        out.println();
        out.println("Loading all handles");
        out.println("Looking for top (up to 20) nodes by allocations...");
        List<Map.Entry<String, List<IpamCheck.Allocation>>> nodes = new ArrayList<>(c.allocationsByNode.entrySet());
        nodes.sort((x, y) -> Integer.compare(y.getValue().size(), x.getValue().size()));
        for (int i = 0; i < Math.min(20, nodes.size()); i++) out.println("  " + nodes.get(i).getKey() + " has " + nodes.get(i).getValue().size() + " allocations");
        if (!nodes.isEmpty()) {
            out.println("Node with most allocations has " + nodes.get(0).getValue().size() + "; median is " + nodes.get(nodes.size() / 2).getValue().size());
        }
        out.println();
        out.println("Scanning for IPs that are allocated but not actually in use...");
        if (showProblemIps) {
            for (String ip : c.leakedIps.stream().sorted(java.util.Comparator.comparing(dev.calicoctl.model.IpAddress::parse)).toList()) for (IpamCheck.Allocation a : c.allocations.get(ip)) out.println("  " + ip + " leaked; attrs " + a.attrString());
        }
        out.println("Found " + c.leakedIps.size() + " IPs that are allocated in IPAM but not actually in use.");
        out.println("Scanning for IPs that are in use by a workload or node but not allocated in IPAM...");
        if (showProblemIps) {
            for (String ip : c.multipleOwners) out.println("  " + ip + " has multiple owners.");
            for (String[] p : c.notInPools) out.println("  " + p[0] + " in use by " + p[1] + " is not in any active IP pool.");
            for (String[] p : c.inPoolNoAllocation) out.println("  " + p[0] + " in use by " + p[1] + " and in active IPAM pool but has no IPAM allocation.");
        }
        out.println("Found " + c.notInPools.size() + " in-use IPs that are not in active IP pools.");
        out.println("Found " + c.inPoolNoAllocation.size() + " in-use IPs that are in active IP pools but have no corresponding IPAM allocation.");
        out.println();
        out.println("Scanning for IPAM handles with no matching IPs...");
        if (showAllIps) for (Handle h : c.leakedHandles) out.println("  " + h.id() + " doesn't have any active IPs.");
        out.println("Found " + c.leakedHandles.size() + " handles with no matching IPs (and " + c.goodHandles + " handles with matches).");
        out.println("Scanning for IPs with missing handle...");
        if (showProblemIps) for (String h : c.missingHandles) out.println("  " + h + " is in use in a block but doesn't exist.");
        out.println("Found " + c.missingHandles.size() + " handles mentioned in blocks with no matching handle resource.");
        out.println("Validating IPAMBlock structures...");
        for (String[] b : c.invalidBlocks) out.println("  IPAMBlock " + b[0] + " is invalid: " + b[1]);
        out.println("Found " + c.invalidBlocks.size() + " invalid IPAMBlocks.");
        out.println("Checking the IPAM data's own consistency (calicoctl for Java)...");
        for (IpamCheck.HandleMismatch m : c.handleMismatches) {
            out.println("  handle " + m.handle() + " records " + m.recorded() + " addresses in block " + m.block() + " but the block holds " + m.actual());
        }
        for (var a : c.affinitiesWithoutBlock) out.println("  affinity of host " + a.host() + " for " + a.block() + " (" + a.state() + ") has no block");
        for (String b : c.blocksWithoutAffinity) out.println("  block " + b + " has no matching affinity");
        for (String ip : c.allocationsOutsidePools) out.println("  " + ip + " is allocated outside every IP pool");
        for (String ip : c.duplicateAllocations) out.println("  " + ip + " is allocated more than once");
        out.println("Found " + c.handleMismatches.size() + " handles whose counts do not match their allocations.");
        out.println("Found " + c.affinitiesWithoutBlock.size() + " block affinities without a block, " + c.blocksWithoutAffinity.size()
                + " blocks without their affinity.");
        out.println("Found " + c.allocationsOutsidePools.size() + " allocations outside every IP pool and "
                + c.duplicateAllocations.size() + " addresses allocated more than once.");
        // counted in the total like every other problem found (calicoctl leaves these two out of it)
        out.println("Found " + c.multipleOwners.size() + " IPs with more than one owner and " + c.missingHandles.size()
                + " missing handles.");
        out.println("Check complete; found " + c.problems() + " problems.");
        if (old != null) ReportDiff.print(old, ReportDiff.fromCheck(c), diff, out);
        dev.calicoctl.cli.Trace.mark("check printed");
        if (output != null) {
            CheckReport report = CheckReport.of(c, VersionCommand.VERSION, String.valueOf(ci.spec().getOrDefault("clusterGUID", "")),
                    ClusterInfo.locked(ci), ci.resourceVersion(), String.valueOf(ci.spec().getOrDefault("clusterType", "")));
            writeReport(report, temp, Path.of(output));
            if (!ClusterInfo.locked(ci)) {
                // release --from-report needs a report made after the lock: locking changes the revision it records
                io().err().println("note: the datastore is not locked, so ipam release --from-report will call this report stale;"
                        + " lock it (calicoctl datastore migrate lock), run ipam check -o again, then release");
            }
        }
        dev.calicoctl.cli.Trace.mark("report written");
        return ExitCodes.OK;
    }

    /**
     * A private temporary file beside the report (created exclusively, mode 0600), made before the
     * scan so an unwritable path fails at once; renamed into place at the end, so a symlink or a
     * file planted at the path is replaced, never written through.
     */
    private static Path reportTemp(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException("cannot write report " + file + ": permission denied in " + dir);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("cannot write report " + file + ": no such directory " + dir);
        } catch (IOException e) {
            throw new CliException("cannot write report " + file + ": " + e.getMessage());
        }
    }

    private static void writeReport(CheckReport report, Path temp, Path file) {
        try {
            try (java.io.Writer w = Files.newBufferedWriter(temp)) {
                CheckReportCodec.write(report, w);
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* best effort */ }
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new CliException("cannot write report " + file + ": " + why);
        }
    }

    /** By address, not by text: 10.0.0.9 before 10.0.0.10. */
    static <V> Map<String, V> sorted(Map<String, V> byIp) {
        List<Map.Entry<dev.calicoctl.model.IpAddress, String>> keys = new ArrayList<>(byIp.size());
        for (String ip : byIp.keySet()) keys.add(Map.entry(dev.calicoctl.model.IpAddress.parse(ip), ip));
        keys.sort(Map.Entry.comparingByKey());
        Map<String, V> out = new LinkedHashMap<>(byIp.size() * 2);
        for (Map.Entry<dev.calicoctl.model.IpAddress, String> k : keys) out.put(k.getValue(), byIp.get(k.getValue()));
        return out;
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) m.put(k, v);
    }
}
