package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.VersionCommand;
import dev.calicoctl.datastore.ClusterInfo;
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
        out.println("Check complete; found " + c.problems() + " problems.");
        if (old != null) ReportDiff.print(old, ReportDiff.fromCheck(c), diff, out);
        dev.calicoctl.cli.Trace.mark("check printed");
        if (output != null) writeReport(c, ci, Path.of(output));
        dev.calicoctl.cli.Trace.mark("report written");
        return ExitCodes.OK;
    }

    /** Streams the report (calicoctl's CheckReport JSON; hundreds of MB on a big cluster) to the file. */
    private static void writeReport(IpamCheck c, Resource ci, Path file) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("version", VersionCommand.VERSION);
        head.put("clusterGUID", ci.spec().getOrDefault("clusterGUID", ""));
        head.put("datastoreLocked", ClusterInfo.locked(ci));
        head.put("clusterInformationRevision", ci.resourceVersion());
        head.put("clusterType", ci.spec().getOrDefault("clusterType", ""));
        Map<String, Object> tail = new LinkedHashMap<>();
        if (!c.leakedHandles.isEmpty()) {
            List<Object> hs = new ArrayList<>();
            for (Handle h : c.leakedHandles) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ID", h.id());
                m.put("UID", null);
                m.put("Revision", Long.toString(h.revision()));
                hs.add(m);
            }
            tail.put("leakedHandles", hs);
        }
        if (!c.handleMismatches.isEmpty()) {
            List<Object> ms = new ArrayList<>();
            for (IpamCheck.HandleMismatch h : c.handleMismatches) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("handle", h.handle());
                m.put("block", h.block());
                m.put("recorded", (long) h.recorded());
                m.put("actual", (long) h.actual());
                m.put("revision", h.revision());
                ms.add(m);
            }
            tail.put("handleMismatches", ms);
        }
        if (!c.affinitiesWithoutBlock.isEmpty()) {
            List<Object> as = new ArrayList<>();
            for (var a : c.affinitiesWithoutBlock) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("host", a.host());
                m.put("block", a.block().toString());
                m.put("state", a.state());
                m.put("revision", a.revision());
                as.add(m);
            }
            tail.put("danglingAffinities", as);
        }
        try (java.io.Writer w = Files.newBufferedWriter(file)) {
            w.write("{\n");
            for (Map.Entry<String, Object> e : head.entrySet()) {
                w.write("  " + Json.quote(e.getKey()) + ": " + Json.writeIndented(e.getValue(), 1) + ",\n");
            }
            w.write("  \"allocations\": {");
            boolean first = true;
            for (Map.Entry<String, List<IpamCheck.Allocation>> e : sorted(c.allocations).entrySet()) {
                List<Object> l = new ArrayList<>();
                for (IpamCheck.Allocation a : e.getValue()) l.add(allocationJson(a));
                w.write(first ? "\n    " : ",\n    ");
                first = false;
                w.write(Json.quote(e.getKey()) + ": " + Json.writeIndented(l, 2));
            }
            w.write(first ? "}" : "\n  }");
            for (Map.Entry<String, Object> e : tail.entrySet()) {
                w.write(",\n  " + Json.quote(e.getKey()) + ": " + Json.writeIndented(e.getValue(), 1));
            }
            w.write("\n}");
        } catch (IOException e) {
            throw new CliException("failed to write report " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> allocationJson(IpamCheck.Allocation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", a.ip);
        if (a.handle != null) m.put("handle", a.handle);
        m.put("sequenceNumber", a.sequenceNumber);
        putIf(m, "pod", a.attrs.get("pod"));
        putIf(m, "namespace", a.attrs.get("namespace"));
        putIf(m, "node", a.node);
        putIf(m, "type", a.attrs.get("type"));
        putIf(m, "creationTimestamp", a.attrs.get("timestamp"));
        m.put("inUse", a.inUse());
        if (a.borrowed) m.put("borrowed", true);
        if (a.coolingDown) m.put("coolingDown", true);
        m.put("owners", a.owners.isEmpty() ? null : new ArrayList<Object>(a.owners));
        return m;
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
