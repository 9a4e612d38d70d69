package dev.calicoctl.cli;

import dev.calicoctl.model.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workload the launcher records a class-data-sharing archive (AppCDS / Java 25 AOT cache)
 * from: the everyday commands, run in-process against a throwaway local store.
 */
public final class Training {
    private Training() {}

    private static final String POOLS = String.join("\n",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-a", "spec:",
            "  cidr: 10.250.0.0/24", "  blockSize: 29", "  ipipMode: Always", "  natOutgoing: true", "---",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-b", "spec:",
            "  cidr: 10.251.0.0/24", "");

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("calicoctl-training");
        try {
            // Only ever a throwaway local store: never the user's configured datastore, whatever
            // the environment or /etc/calico/calicoctl.cfg say.
            Map<String, String> env = new HashMap<>();
            env.put("HOME", dir.toString());
            env.put("DATASTORE_TYPE", "local");
            env.put("CALICOCTL_LOCAL_DB", dir.resolve("training.db").toString());
            // a config file of our own (a named file that does not exist is an error now): the throwaway local store
            Path config = dir.resolve("calicoctl.cfg");
            Files.writeString(config, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: local\n");
            String noConfig = config.toString();
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            String[][] commands = {
                    {"apply", "-f", "-"}, {"get", "ippools"}, {"get", "ippools", "-o", "yaml"},
                    {"get", "ippools", "-o", "json"}, {"get", "ippools", "-o", "wide"},
                    {"get", "ippools", "-o", "go-template={{range .items}}{{printf \"%s %v\\n\" .metadata.name .spec.blockSize}}{{end}}"},
                    {"get", "ippools", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"},
                    {"get", "ippool", "training-a", "-o", "yaml"}, {"validate", "-f", "-"},
                    {"get", "ippool", "missing"}, {"create", "-f", "-"},
                    {"ipam", "show"}, {"ipam", "show", "--show-blocks"},
                    {"delete", "ippool", "training-b"}, {"version", "--client"}, {"get", "--help"},
            };
            for (String[] c : commands) {
                String[] withConfig = new String[c.length + 2];
                System.arraycopy(c, 0, withConfig, 0, c.length);
                withConfig[c.length] = "--config";
                withConfig[c.length + 1] = noConfig;
                Main.run(withConfig, sink, sink, new ByteArrayInputStream(POOLS.getBytes(StandardCharsets.UTF_8)), env);
            }
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
