package dev.calicoctl.cli.cni;

import dev.calicoctl.cli.ClientConfig;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Io;
import dev.calicoctl.cli.Trace;
import dev.calicoctl.cli.ipam.ClusterAnnotations;
import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.Datastores;
import dev.calicoctl.datastore.ResourceStore;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamException;
import dev.calicoctl.ipam.PodAddressing;
import dev.calicoctl.ipam.WorkloadAssignment;
import dev.calicoctl.ipam.Workloads;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Cidr;
import dev.calicoctl.model.IpAddress;
import dev.calicoctl.model.IpPool;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calico's IPAM plugin (`calico-ipam`) on this tool's engine: the CNI protocol from the
 * environment and stdin, the result or error JSON on stdout. Behaviour follows upstream's
 * cni-plugin/pkg/ipamplugin: handle `<network>.<container ID>`, node name from the config,
 * the node name file or the host name, the host-wide lock around every datastore change, and
 * the WorkloadEndpoint written so `ipam check` counts the addresses as in use. On the Kubernetes
 * datastore the pod's and its namespace's cni.projectcalico.org annotations and the namespace's
 * labels are read from the cluster; {@link PodAddressing} decides with them, as for `ipam assign`.
 */
public final class CniPlugin {
    static final String DEFAULT_NODENAME_FILE = "/var/lib/calico/nodename";
    static final String LATEST = "1.1.0";

    private final Io io;
    private String cniVersion;

    public CniPlugin(Io io) { this.io = io; }

    /** Runs one CNI command; returns the exit status (the output is already printed). */
    public int run() {
        prewarm();
        try {
            String out = dispatch();
            if (out != null) io.out().println(out);
            io.out().flush();
            Trace.mark("done");
            return ExitCodes.OK;
        } catch (CniError e) {
            return fail(e);
        } catch (DatastoreException.Unavailable e) {
            return fail(new CniError(CniError.TRY_AGAIN_LATER, "datastore unavailable: " + e.getMessage()));
        } catch (CalicoException e) {
            return fail(new CniError(CniError.INTERNAL, e.getMessage()));
        } catch (RuntimeException e) {
            return fail(new CniError(CniError.INTERNAL, "internal error: " + (e.getMessage() == null ? "no detail" : e.getMessage())));
        }
    }

    /**
     * Start-up: loading SQLite's native library and binding flock(2) each cost tens of
     * milliseconds; both start on other threads while stdin is read and decoded.
     */
    private void prewarm() {
        String cmd = env("CNI_COMMAND");
        if (!"ADD".equals(cmd) && !"DEL".equals(cmd)) return;
        String type = env("CALICO_DATASTORE_TYPE") != null ? env("CALICO_DATASTORE_TYPE") : env("DATASTORE_TYPE");
        if (type == null || type.equalsIgnoreCase("local")) start(dev.calicoctl.datastore.local.LocalDatastore::prewarm);
        start(IpamLock::prewarm);
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "prewarm");
        t.setDaemon(true);
        t.start();
    }

    private int fail(CniError e) {
        io.out().println(CniOutput.error(cniVersion, e));
        io.out().flush();
        return ExitCodes.FAILURE;
    }

    private String env(String name) { return io.env(name); }

    private String dispatch() {
        String cmd = env("CNI_COMMAND");
        if (cmd == null) {
            io.err().println("Calico CNI IPAM plugin (calicoctl for Java); CNI protocol versions supported: " + String.join(", ", CniOutput.SUPPORTED));
            throw new CniError(CniError.INVALID_ENVIRONMENT, "required env variables [CNI_COMMAND] missing");
        }
        List<String> required = switch (cmd) {
            case "ADD", "CHECK" -> List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME");
            case "DEL" -> List.of("CNI_CONTAINERID", "CNI_IFNAME");
            case "VERSION", "STATUS", "GC" -> List.of();
            default -> throw new CniError(CniError.INVALID_ENVIRONMENT, "unknown CNI_COMMAND: " + cmd);
        };
        List<String> missing = new ArrayList<>();
        for (String v : required) if (env(v) == null) missing.add(v);
        if (!missing.isEmpty()) throw new CniError(CniError.INVALID_ENVIRONMENT, "required env variables [" + String.join(",", missing) + "] missing");
        if (required.contains("CNI_CONTAINERID")) validateEnvironment();

        String stdin = readStdin();
        if (cmd.equals("VERSION")) {
            String asked = versionOf(stdin);
            cniVersion = asked;
            return CniOutput.version(asked == null ? LATEST : asked);
        }
        NetConf conf = NetConf.decode(stdin);
        Trace.mark("network config decoded");
        String v = conf.cniVersion() == null || conf.cniVersion().isEmpty() ? "0.1.0" : conf.cniVersion();
        if (!CniOutput.SUPPORTED.contains(v)) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "incompatible CNI versions",
                    "config is \"" + v + "\", plugin supports " + CniOutput.SUPPORTED);
        }
        cniVersion = v;
        switch (cmd) {
            case "CHECK" -> atLeast(v, "0.4.0", "CHECK");
            case "STATUS", "GC" -> atLeast(v, "1.1.0", cmd);
            default -> { }
        }
        return switch (cmd) {
            case "ADD" -> add(conf);
            case "DEL" -> del(conf);
            case "CHECK" -> check(conf);
            case "STATUS" -> status(conf);
            default -> null; // GC: nothing to collect beyond what DEL releases (upstream's calico-ipam has no GC either)
        };
    }

    private void validateEnvironment() {
        String id = env("CNI_CONTAINERID");
        if (!id.matches("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*")) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "invalid characters in CNI_CONTAINERID", id);
        }
        String ifName = env("CNI_IFNAME");
        if (ifName.length() > 15 || ifName.equals(".") || ifName.equals("..") || ifName.matches(".*[/:\\s].*")) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "invalid CNI_IFNAME \"" + ifName + "\": at most 15 characters, no '/', ':' or spaces");
        }
    }

    private static void atLeast(String v, String min, String cmd) {
        if (compareVersions(v, min) < 0) throw new CniError(CniError.INCOMPATIBLE_VERSION, "config version does not allow " + cmd);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    private String readStdin() {
        try {
            return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "error reading from stdin: " + e.getMessage());
        }
    }

    /** VERSION's input is optional: its cniVersion when it has one, else null. */
    private static String versionOf(String stdin) {
        if (stdin.isBlank()) return null;
        try {
            return Json.parse(stdin) instanceof Map<?, ?> m && m.get("cniVersion") instanceof String s && !s.isEmpty() ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------ who and where

    /** Upstream's DetermineNodename: config, then the node name file, then (deprecated) hostname, then the OS. */
    String nodename(NetConf conf) {
        if (conf.nodename() != null && !conf.nodename().isEmpty()) return conf.nodename();
        Path file = Path.of(conf.nodenameFile() == null || conf.nodenameFile().isEmpty() ? DEFAULT_NODENAME_FILE : conf.nodenameFile());
        try {
            String n = Files.readString(file).trim();
            if (!n.isEmpty()) return n;
        } catch (IOException e) {
            // no file: fall through
        }
        if (conf.hostname() != null && !conf.hostname().isEmpty()) return conf.hostname();
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new CniError(CniError.INVALID_CONFIG, "cannot determine the node name: set nodename in the network config");
        }
    }

    static String handleId(NetConf conf, String containerId) { return conf.name() + "." + containerId; }

    private Workloads.Endpoint endpoint(String node, CniArgs args) {
        String ifName = env("CNI_IFNAME");
        return args.isPod() ? Workloads.Endpoint.pod(node, args.podNamespace(), args.podName(), ifName)
                : Workloads.Endpoint.container(node, "default", env("CNI_CONTAINERID"), ifName);
    }

    /** The datastore the config names, as upstream's CreateClient: config fields override the environment. */
    private Datastore open(NetConf conf) {
        Map<String, String> env = new HashMap<>(io.env());
        override(env, "DATASTORE_TYPE", conf.datastoreType());
        override(env, "ETCD_ENDPOINTS", conf.etcdEndpoints());
        override(env, "ETCD_DISCOVERY_SRV", conf.etcdDiscoverySrv());
        override(env, "ETCD_KEY_FILE", conf.etcdKeyFile());
        override(env, "ETCD_CERT_FILE", conf.etcdCertFile());
        override(env, "ETCD_CA_CERT_FILE", conf.etcdCaCertFile());
        override(env, "KUBECONFIG", conf.kubeconfig());
        Datastore ds = Datastores.open(ClientConfig.fromEnvironment(new Io(io.out(), io.err(), io.in(), env)));
        Trace.mark("datastore open");
        return ds;
    }

    private static void override(Map<String, String> env, String name, String value) {
        if (value == null || value.isEmpty()) return;
        env.put(name, value);
        env.put("CALICO_" + name, value); // ClientConfig reads CALICO_X before X
    }

    // ------------------------------------------------------------ commands

    private String add(NetConf conf) {
        CniArgs args = CniArgs.parse(env("CNI_ARGS"));
        String node = nodename(conf);
        String handle = handleId(conf, env("CNI_CONTAINERID"));
        String namespace = args.isPod() ? args.podNamespace() : null, pod = args.isPod() ? args.podName() : null;
        Map<String, String> attrs = PodAddressing.attributes(node, namespace, pod, ZonedDateTime.now(ZoneOffset.UTC));
        List<String> v4Pools = checkFamily(conf.ipam().ipv4Pools(), 4), v6Pools = checkFamily(conf.ipam().ipv6Pools(), 6);
        Workloads.Endpoint ep = endpoint(node, args);
        try (Datastore ds = open(conf)) {
            // on Kubernetes the pod's, then its namespace's annotations choose the pools, as upstream's plugin reads them
            PodAddressing choice;
            try {
                choice = PodAddressing.decide(ClusterAnnotations.read(ds, namespace, pod), namespace, v4Pools, v6Pools);
            } catch (IpamException e) {
                throw new CniError(CniError.INVALID_CONFIG, e.getMessage());
            }
            Trace.mark("cluster annotations read");
            Ipam ipam = new Ipam(ds);
            WorkloadAssignment assignment = new WorkloadAssignment(ipam, new ResourceStore(ds));
            Ipam.AssignResult r;
            boolean specific = args.ip() != null;
            try (IpamLock lock = IpamLock.acquire(conf.ipamLockFile(), io.err())) {
                Trace.mark("IPAM lock held");
                if (specific) {
                    r = assignment.assignIp(args.ip(), handle, attrs, node, ep);
                } else {
                    r = choice.assign(assignment, node, handle, attrs, conf.ipam().num4(), conf.ipam().num6(), null, ep);
                }
            } catch (IpamException e) {
                throw assignError(e);
            }
            Trace.mark("assigned and recorded");
            List<IpPool> pools = specific ? List.of() : ipam.pools();
            List<CniOutput.Ip> ips = new ArrayList<>();
            for (IpAddress a : r.ipv4()) ips.add(ip(a, specific, pools));
            for (IpAddress a : r.ipv6()) ips.add(ip(a, specific, pools));
            return CniOutput.result(cniVersion, ips);
        }
    }

    /**
     * An auto-assigned address carries its block's prefix length, as upstream's AutoAssign returns
     * it (so workloads on one bridge reach their block neighbours directly); a requested one is a
     * host address. The route is always the host route: the kernel refuses a route whose
     * destination has host bits set, which is what upstream's route (the address itself) would be.
     */
    private static CniOutput.Ip ip(IpAddress a, boolean specific, List<IpPool> pools) {
        int prefix = a.bits();
        if (!specific) for (IpPool p : pools) if (p.cidr().contains(a)) prefix = p.blockSize();
        return new CniOutput.Ip(a.version(), a + "/" + prefix, a + "/" + a.bits());
    }

    /** A pool given as a CIDR of the wrong family is refused as upstream's ResolvePools does; names are resolved by the engine. */
    private static List<String> checkFamily(List<String> pools, int version) {
        for (String p : pools) {
            Cidr c = Cidr.tryParse(p);
            if (c != null && c.version() != version) {
                throw new CniError(CniError.INVALID_CONFIG, "\"" + c.network() + "\" isn't a IPv" + version + " address");
            }
        }
        return pools;
    }

    private static CniError assignError(IpamException e) {
        String m = e.getMessage();
        if (m.startsWith("Assigned ")) {
            return new CniError(CniError.NO_ADDRESSES, "failed to request IPv" + (m.contains("requested IPv6") ? "6" : "4") + " addresses: " + m);
        }
        if (m.startsWith("the given pool") || m.startsWith("cannot find a qualified ippool") || m.startsWith("no configured Calico pools")
                || m.startsWith("The provided IP address") || m.contains("reserved by an IPReservation")) {
            return new CniError(CniError.INVALID_CONFIG, m);
        }
        if (m.startsWith("Address already assigned")) return new CniError(CniError.NO_ADDRESSES, m);
        if (m.startsWith("Max retries hit")) return new CniError(CniError.TRY_AGAIN_LATER, m);
        return new CniError(CniError.INTERNAL, m);
    }

    private String del(NetConf conf) {
        CniArgs args = CniArgs.parse(env("CNI_ARGS"));
        String node = nodename(conf);
        String handle = handleId(conf, env("CNI_CONTAINERID"));
        try (Datastore ds = open(conf)) {
            WorkloadAssignment assignment = new WorkloadAssignment(new Ipam(ds), new ResourceStore(ds));
            try (IpamLock lock = IpamLock.acquire(conf.ipamLockFile(), io.err())) {
                Trace.mark("IPAM lock held");
                assignment.release(handle, endpoint(node, args));
                // allocations of Calico before v3 were made under <namespace>.<pod>
                if (args.isPod()) assignment.release(args.podNamespace() + "." + args.podName(), null);
            }
        }
        return null;
    }

    private String check(NetConf conf) {
        CniArgs args = CniArgs.parse(env("CNI_ARGS"));
        String node = nodename(conf);
        String handle = handleId(conf, env("CNI_CONTAINERID"));
        try (Datastore ds = open(conf)) {
            Ipam ipam = new Ipam(ds);
            List<IpAddress> held = ipam.ipsByHandle(handle);
            if (held.isEmpty()) throw new CniError(CniError.ALLOCATION_MISMATCH, "no addresses are allocated to handle " + handle);
            List<String> listed = Workloads.addresses(new ResourceStore(ds), endpoint(node, args));
            for (String text : conf.prevResultAddresses()) {
                Cidr c = Cidr.tryParseCidrOrIp(text);
                if (c == null) throw new CniError(CniError.DECODING_FAILURE, "prevResult address \"" + text + "\" is not an IP address");
                if (!held.contains(c.ip())) {
                    throw new CniError(CniError.ALLOCATION_MISMATCH, "address " + c.ip() + " of the ADD result is not allocated to handle " + handle);
                }
                if (!listed.contains(c.ip() + "/" + c.ip().bits())) {
                    throw new CniError(CniError.ALLOCATION_MISMATCH, "address " + c.ip() + " is not on the workload endpoint " + endpoint(node, args).name());
                }
            }
        }
        return null;
    }

    /** Ready when the datastore answers and has an enabled pool to assign from. */
    private String status(NetConf conf) {
        try (Datastore ds = open(conf)) {
            boolean any = false;
            for (IpPool p : new Ipam(ds).pools()) any |= !p.disabled();
            if (!any) throw new CniError(CniError.NOT_AVAILABLE, "no enabled IP pool to assign addresses from");
        } catch (DatastoreException.Unavailable e) {
            throw new CniError(CniError.NOT_AVAILABLE, "datastore unavailable: " + e.getMessage());
        }
        return null;
    }
}
