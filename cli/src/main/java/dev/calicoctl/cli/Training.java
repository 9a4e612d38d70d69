package dev.calicoctl.cli;

import dev.calicoctl.model.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workload the launcher records a class-data-sharing archive (AppCDS / Java 25 AOT cache)
 * from: the everyday commands, run in-process against a throwaway local store and a loopback
 * stand-in for etcd's gateway ({@link TrainingEtcd}), never the user's datastore.
 */
public final class Training {
    private Training() {}

    private static final String POOLS = String.join("\n",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-a", "spec:",
            "  cidr: 10.250.0.0/24", "  blockSize: 29", "  ipipMode: Always", "  natOutgoing: true", "---",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-b", "spec:",
            "  cidr: 10.251.0.0/24", "");

    /**
     * The archive families the launcher records: {@code read-local} and {@code read-etcd}, the everyday
     * reads (get, ipam show, version) on one kind of store, for the archive those commands start with
     * there (on Java 25 every archived class is loaded at start, so each family holds only what its
     * commands use); {@code all} (the default): every command on both stores.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("seed")) {
            seed(args[1], System.getenv(), new PrintStream(OutputStream.nullOutputStream()));
            return;
        }
        String family = args.length == 0 ? "all" : args[0];
        boolean local = !family.equals("read-etcd"), etcd = !family.equals("read-local"), all = family.equals("all");
        Path dir = Files.createTempDirectory("calicoctl-training");
        try {
            // Only ever a throwaway local store or the loopback stand-in: never the user's configured
            // datastore, whatever the environment or /etc/calico/calicoctl.cfg say.
            Map<String, String> env = new HashMap<>();
            env.put("HOME", dir.toString());
            env.put("DATASTORE_TYPE", "local");
            env.put("CALICOCTL_LOCAL_DB", dir.resolve("training.db").toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            if (local) {
                // a config file of our own (a named file that does not exist is an error): the throwaway local store
                Path config = dir.resolve("calicoctl.cfg");
                Files.writeString(config, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: local\n");
                if (all) seed(config.toString(), env, sink);
                else seedElsewhere(config, env);
                reads(config.toString(), env, sink);
            }
            if (etcd) {
                try (TrainingEtcd stand = new TrainingEtcd()) {
                    Path config = dir.resolve("etcd.cfg");
                    Files.writeString(config, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n"
                            + "  etcdEndpoints: " + stand.endpoint() + "\n");
                    // the environment names etcd too, as an etcd user's does (the prewarm reads it)
                    Map<String, String> etcdEnv = new HashMap<>(env);
                    etcdEnv.put("DATASTORE_TYPE", "etcdv3");
                    etcdEnv.put("ETCD_ENDPOINTS", stand.endpoint());
                    if (all) seed(config.toString(), etcdEnv, sink);
                    else seedElsewhere(config, etcdEnv);
                    reads(config.toString(), etcdEnv, sink);
                }
            }
            if (!all) return;
            String noConfig = dir.resolve("calicoctl.cfg").toString();
            String[][] others = {
                    {"validate", "-f", "-"}, {"create", "-f", "-"}, {"delete", "ippool", "training-b"}, {"get", "--help"},
            };
            for (String[] c : others) run(c, noConfig, env, sink);
            // the CNI plugin face (calico-ipam): ADD, CHECK and DEL of one container, its lock file in the throwaway dir
            String netconf = trainingNetconf(dir.resolve("ipam.lock"));
            for (String cmd : new String[]{"VERSION", "ADD", "CHECK", "DEL"}) {
                Map<String, String> cni = new HashMap<>(env);
                cni.put("CNI_COMMAND", cmd);
                cni.put("CNI_CONTAINERID", "training");
                cni.put("CNI_NETNS", "/var/run/netns/training");
                cni.put("CNI_IFNAME", "eth0");
                cni.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=training");
                Main.run(new String[]{"cni", "ipam"}, sink, sink, new ByteArrayInputStream(netconf.getBytes(StandardCharsets.UTF_8)), cni);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Two pools and an address assigned from one, in the store the config names. */
    private static void seed(String config, Map<String, String> env, PrintStream sink) {
        run(new String[]{"apply", "-f", "-"}, config, env, sink);
        run(new String[]{"ipam", "assign", "--node=training-node", "--ipv4-pools=training-a"}, config, env, sink);
    }

    /**
     * {@link #seed} in a child JVM, so that the writes' classes (validation, the IPAM engine's
     * assignment path) stay out of a read family's archive, whose every class is loaded at each start.
     */
    private static void seedElsewhere(Path config, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String p : new String[]{"org.sqlite.lib.path", "org.sqlite.lib.name", "org.sqlite.tmpdir"}) {
            if (System.getProperty(p) != null) command.add("-D" + p + "=" + System.getProperty(p));
        }
        if (Runtime.version().feature() >= 22) command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Training.class.getName(), "seed", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The everyday reads of the store the config names. */
    private static void reads(String config, Map<String, String> env, PrintStream sink) {
        String[][] reads = {
                {"get", "ippools"}, {"get", "ippools", "-o", "yaml"},
                {"get", "ippools", "-o", "json"}, {"get", "ippools", "-o", "wide"},
                {"get", "ippools", "-o", "go-template={{range .items}}{{printf \"%s %v\\n\" .metadata.name .spec.blockSize}}{{end}}"},
                {"get", "ippools", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"},
                {"get", "ippool", "training-a", "-o", "yaml"}, {"get", "ippool", "missing"},
                {"ipam", "show"}, {"ipam", "show", "--show-blocks"}, {"version"}, {"version", "--client"},
        };
        for (String[] c : reads) run(c, config, env, sink);
    }

    private static void run(String[] command, String config, Map<String, String> env, PrintStream sink) {
        String[] withConfig = new String[command.length + 2];
        System.arraycopy(command, 0, withConfig, 0, command.length);
        withConfig[command.length] = "--config";
        withConfig[command.length + 1] = config;
        Main.run(withConfig, sink, sink, new ByteArrayInputStream(POOLS.getBytes(StandardCharsets.UTF_8)), env);
    }

    /** The network configuration the training run's CNI calls read (built by Jackson: the path may hold any character). */
    static String trainingNetconf(Path lockFile) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "calico-ipam");
        ipam.put("ipv4_pools", List.of("training-a"));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("cniVersion", "1.0.0");
        conf.put("name", "training");
        conf.put("type", "bridge");
        conf.put("nodename", "training-node");
        conf.put("ipam_lock_file", lockFile.toString());
        conf.put("ipam", ipam);
        conf.put("prevResult", Map.of("ips", List.of()));
        return Json.write(conf);
    }
}
