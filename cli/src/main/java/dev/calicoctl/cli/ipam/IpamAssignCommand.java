package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.OptionTypes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.output.DataFormats;
import dev.calicoctl.cli.output.DataPrinter;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.HostReservation;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamException;
import dev.calicoctl.ipam.PodAddressing;
import dev.calicoctl.ipam.WorkloadAssignment;
import dev.calicoctl.ipam.Workloads;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.Json;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
    Integer num4;
    Integer num6;
    String ip;
    String output;
    boolean windows;

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
        d.option("--num4", "<n>", "Number of IPv4 addresses (default 1, or 0 when only --num6 is given).",
                OptionTypes.integerTrimmed(v -> "invalid value for --num4: '" + v + "' is not a number"), v -> num4 = v);
        d.option("--num6", "<n>", "Number of IPv6 addresses (default 0).",
                OptionTypes.integerTrimmed(v -> "invalid value for --num6: '" + v + "' is not a number"), v -> num6 = v);
        d.option("--ip", "<IP>", null, "Assign this specific address instead.", v -> ip = v);
        d.flag("--windows", "The node runs Windows: every block it claims keeps its first 3 and last address for the host, as Calico's CNI plugin does there.", v -> windows = v);
        d.option("-o,--output", "<format>", null, "Output format: plain (default) or json.", v -> output = v);
    }

    @Override protected int run(Session s) {
        DataPrinter printer = DataFormats.PLAIN_OR_JSON.printer(output);
        int num6 = this.num6 == null ? 0 : this.num6;
        if ((num4 != null && num4 < 0) || num6 < 0) throw new CliException("--num4 and --num6 must not be negative");
        // every input is checked before anything is allocated: a late refusal would leak addresses
        checkName("--node", node, SUBDOMAIN, 253, "lowercase letters, digits, '-' and '.'");
        if (namespace != null) checkName("--namespace", namespace, LABEL, 63, "lowercase letters, digits and '-'");
        if (pod != null) checkName("--pod", pod, SUBDOMAIN, 253, "lowercase letters, digits, '-' and '.'");
        if (handle != null) checkName("--handle", handle, HANDLE, 253, "letters, digits, '-', '_', '.' and ':' (no '/')");
        // on Kubernetes, the pod's and then the namespace's annotations choose pools as the CNI plugin does
        PodAddressing choice;
        try {
            choice = PodAddressing.decide(ClusterAnnotations.read(s.datastore(), namespace, pod), namespace, pools(ipv4Pools), pools(ipv6Pools));
        } catch (IpamException e) {
            throw new CliException(e.getMessage());
        }
        IpAddress wanted = ip == null ? null : IpamShowCommand.parseIp(ip);
        String h = handle != null ? handle : "calicoctl-" + HexFormat.of().formatHex(random(8));
        Map<String, String> attrs = PodAddressing.attributes(node, namespace, pod, ZonedDateTime.now(ZoneOffset.UTC));
        Ipam ipam = new Ipam(s.datastore());
        ResourceStore store = s.resources();
        ClusterInfo.ensure(store);
        // with --pod, the pod's WorkloadEndpoint is written too, as the CNI plugin does
        Workloads.Endpoint endpoint = pod == null ? null : Workloads.Endpoint.pod(node, namespace == null ? "default" : namespace, pod, "eth0");
        WorkloadAssignment assignment = new WorkloadAssignment(ipam, store);
        Ipam.AssignResult r;
        if (ip != null) {
            r = assignment.assignIp(wanted, h, attrs, node, endpoint);
        } else {
            int n4 = num4 != null ? num4 : (num6 > 0 ? 0 : 1);
            r = choice.assign(assignment, node, h, attrs, n4, num6, windows ? HostReservation.WINDOWS : null, endpoint);
        }
        printer.print(new Assigned(h, r.ipv4(), r.ipv6()), io().out());
        return ExitCodes.OK;
    }

    /** What was assigned: one address a line (IPv4 first), or {handle, ipv4, ipv6}. */
    private record Assigned(String handle, List<IpAddress> ipv4, List<IpAddress> ipv6) implements View {
        @Override public void writeText(java.io.PrintStream out) {
            for (IpAddress a : ipv4) out.println(a);
            for (IpAddress a : ipv6) out.println(a);
        }

        @Override public Object tree() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handle", handle);
            m.put("ipv4", strings(ipv4));
            m.put("ipv6", strings(ipv6));
            return m;
        }
    }

    private static final java.util.regex.Pattern SUBDOMAIN = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.:]*");

    /** Node and pod names are DNS subdomains, namespaces DNS labels (Kubernetes' rules); handles are one key segment. */
    private static void checkName(String option, String value, java.util.regex.Pattern p, int max, String allowed) {
        if (value.isEmpty() || value.length() > max || !p.matcher(value).matches()) {
            throw new CliException("invalid value for " + option + ": '" + value + "' (at most " + max + " characters: " + allowed + ")");
        }
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
            if (!(parsed instanceof List<?> l)) throw new CliException("invalid pool list " + text + ": expected a JSON array of pool names");
            for (Object o : l) {
                if (!(o instanceof String name)) throw new CliException("invalid pool list " + text + ": expected a JSON array of pool names");
                out.add(name);
            }
        } else {
            for (String p : t.split(",")) if (!p.isBlank()) out.add(p.trim());
        }
        return out;
    }
}
