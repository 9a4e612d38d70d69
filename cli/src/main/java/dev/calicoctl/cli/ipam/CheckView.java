package dev.calicoctl.cli.ipam;

import dev.calicoctl.model.Comparators;
import dev.calicoctl.cli.output.TextView;
import dev.calicoctl.ipam.Handle;
import dev.calicoctl.ipam.IpamCheck;
import dev.calicoctl.model.IpAddress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What `ipam check` found, printed as calicoctl prints it (its lines, in its order), then this
 * tool's own consistency checks and, with --diff, what changed since an earlier report.
 *
 * @param old     the earlier report's leaks (null without --diff), named {@code oldName}
 */
record CheckView(IpamCheck c, boolean showAllIps, boolean showProblemIps, ReportDiff.Leaks old, String oldName) implements TextView {
    /** Printed before the scan, so a long one shows it has begun. */
    static void started(PrintStream out) {
        out.println("Checking IPAM for inconsistencies...");
        out.println();
    }

    @Override public void writeText(PrintStream out) {
        out.println("Loading all IPAM blocks...");
        out.println("Found " + c.blocks.size() + " IPAM blocks.");
        StringBuilder sb = new StringBuilder();
        for (IpamCheck.BlockSummary b : c.blocks) sb.append(" IPAM block ").append(b.cidr()).append(" affinity=").append(b.affinity()).append(":\n");
        if (showAllIps) {
            for (List<IpamCheck.Allocation> l : c.allocationsInAddressOrder()) {
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
            for (String ip : c.leakedIps.stream().sorted(Comparators.by(IpAddress::parse)).toList()) for (IpamCheck.Allocation a : c.allocations.get(ip)) out.println("  " + ip + " leaked; attrs " + a.attrString());
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
        if (old != null) ReportDiff.print(old, ReportDiff.fromCheck(c), oldName, out);
    }
}
