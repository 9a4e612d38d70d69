package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.AutoAssignRequest;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.Workloads;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class IpamAssignCommand extends BaseCommand {
    String node;
    String handle;
    String namespace;
    String pod;
    String ipv4Pools;
    String ipv6Pools;
    String num4Text;
    String num6Text;
    String ip;
    String output;

    @Override protected void define(Def d) {
        d.describe("Assign IP addresses from Calico IPAM, as the CNI plugin does for a pod.",
                        "This command is an addition of calicoctl for Java; upstream calicoctl has no ipam assign.",
                        "Prints each assigned address on its own line (or JSON with -o json).")
                .footer("", "Example:", "  calicoctl ipam assign --node node-0 --namespace external-ns --pod nginx-1 --ipv4-pools external-pool");
        d.option("--node", "<node>", null, "Node the addresses are for (its blocks are used first).", true, false, v -> node = v);
        d.option("--handle", "<handle>", null, "Handle ID to record the addresses under (default: generated).", v -> handle = v);
        d.option("--namespace", "<namespace>", null, "Namespace of the pod (recorded; matched against pools' namespaceSelector).", v -> namespace = v);
        d.option("--pod", "<pod>", null, "Pod name (recorded; a WorkloadEndpoint is written so ipam check sees the address in use).", v -> pod = v);
        d.option("--ipv4-pools", "<pools>", null, "IPv4 pools to use, by name or CIDR: a,b or [\"a\",\"b\"] (as the cni.projectcalico.org/ipv4pools annotation). On Kubernetes the pod's, then the namespace's annotation wins, as in the CNI plugin.", v -> ipv4Pools = v);
        d.option("--ipv6-pools", "<pools>", null, "IPv6 pools to use, by name or CIDR.", v -> ipv6Pools = v);
        d.option("--num4", "<n>", null, "Number of IPv4 addresses (default 1, or 0 when only --num6 is given).", v -> num4Text = v);
        d.option("--num6", "<n>", null, "Number of IPv6 addresses (default 0).", v -> num6Text = v);
        d.option("--ip", "<IP>", null, "Assign this specific address instead.", v -> ip = v);
        d.option("-o,--output", "<format>", null, "Output format: plain (default) or json.", v -> output = v);
    }

    private static int number(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new CliException("invalid value for " + option + ": '" + v + "' is not a number");
        }
    }

    @Override protected int run(Session s) {
        if (output != null && !output.equals("json") && !output.equals("plain")) throw new CliException("unrecognized output format '" + output + "'");
        Integer num4 = num4Text == null ? null : number("--num4", num4Text);
        int num6 = num6Text == null ? 0 : number("--num6", num6Text);
        String h = handle != null ? handle : "calicoctl-" + HexFormat.of().formatHex(random(8));
        Map<String, String> attrs = new LinkedHashMap<>();
        if (namespace != null) attrs.put("namespace", namespace);
        attrs.put("node", node);
        if (pod != null) attrs.put("pod", pod);
        attrs.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Ipam ipam = new Ipam(s.datastore());
        ResourceStore store = s.resources();
        ClusterInfo.ensure(store);
        List<IpAddress> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        // on Kubernetes, the pod's and namespace's annotations choose pools as the CNI plugin does
        ClusterAnnotations cluster = namespace == null ? null
                : s.datastore().orchestrator().map(o -> ClusterAnnotations.read(o, namespace, pod)).orElse(null);
        List<String> v4Pools = cluster != null && cluster.ipv4Pools() != null ? cluster.ipv4Pools() : pools(ipv4Pools);
        List<String> v6Pools = cluster != null && cluster.ipv6Pools() != null ? cluster.ipv6Pools() : pools(ipv6Pools);
        Map<String, String> nsLabels = cluster != null ? cluster.namespaceLabels() : Map.of();
        if (ip == null && cluster != null && cluster.ipAddrs() != null && !cluster.ipAddrs().isEmpty()) {
            for (String text : cluster.ipAddrs()) {
                IpAddress a = IpamShowCommand.parseIp(text);
                ipam.assignIp(a, h, attrs, node);
                (a.version() == 4 ? v4 : v6).add(a);
            }
        } else if (ip != null) {
            IpAddress a = IpamShowCommand.parseIp(ip);
            ipam.assignIp(a, h, attrs, node);
            (a.version() == 4 ? v4 : v6).add(a);
        } else {
            int n4 = num4 != null ? num4 : (num6 > 0 ? 0 : 1);
            if (n4 < 0 || num6 < 0) throw new CliException("--num4 and --num6 must not be negative");
            Ipam.AssignResult r = ipam.autoAssign(new AutoAssignRequest(node, h, attrs, n4, num6, v4Pools, v6Pools,
                    namespace, nsLabels, "Workload"));
            v4.addAll(r.ipv4());
            v6.addAll(r.ipv6());
        }
        if (pod != null) {
            List<IpAddress> all = new ArrayList<>(v4);
            all.addAll(v6);
            Workloads.record(store, node, namespace == null ? "default" : namespace, pod, all);
        }
        if ("json".equals(output)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handle", h);
            m.put("ipv4", strings(v4));
            m.put("ipv6", strings(v6));
            io().out().println(Json.writeIndented(m));
        } else {
            for (IpAddress a : v4) io().out().println(a);
            for (IpAddress a : v6) io().out().println(a);
        }
        return ExitCodes.OK;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static List<Object> strings(List<IpAddress> ips) {
        List<Object> out = new ArrayList<>();
        for (IpAddress a : ips) out.add(a.toString());
        return out;
    }

    /** "a,b" or the annotation's JSON form ["a","b"]. */
    static List<String> pools(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        String t = text.trim();
        if (t.startsWith("[")) {
            Object parsed;
            try {
                parsed = Json.parse(t);
            } catch (RuntimeException e) {
                throw new CliException("invalid pool list " + text + ": " + e.getMessage());
            }
            for (Object o : (List<?>) parsed) out.add(String.valueOf(o));
        } else {
            for (String p : t.split(",")) if (!p.isBlank()) out.add(p.trim());
        }
        return out;
    }
}
