package dev.calicoctl.cli;

import dev.calicoctl.model.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * from: the everyday commands, run in-process against a throwaway local store and a loopback
 * stand-in for etcd's gateway (only ever answering "no keys"), never the user's datastore.
 */
public final class Training {
    private Training() {}

    private static final String POOLS = String.join("\n",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-a", "spec:",
            "  cidr: 10.250.0.0/24", "  blockSize: 29", "  ipipMode: Always", "  natOutgoing: true", "---",
            "apiVersion: projectcalico.org/v3", "kind: IPPool", "metadata:", "  name: training-b", "spec:",
            "  cidr: 10.251.0.0/24", "");

    /**
     * {@code read}: the everyday reads alone (get, ipam show, version), on the local store and on
     * etcd, for the archive those commands start with; {@code all} (the default): every command.
     */
    public static void main(String[] args) throws IOException {
        boolean all = args.length == 0 || !args[0].equals("read");
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
            String[][] reads = {
                    {"apply", "-f", "-"}, {"ipam", "assign", "--node=training-node", "--ipv4-pools=training-a"},
                    {"get", "ippools"}, {"get", "ippools", "-o", "yaml"},
                    {"get", "ippools", "-o", "json"}, {"get", "ippools", "-o", "wide"},
                    {"get", "ippools", "-o", "go-template={{range .items}}{{printf \"%s %v\\n\" .metadata.name .spec.blockSize}}{{end}}"},
                    {"get", "ippools", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"},
                    {"get", "ippool", "training-a", "-o", "yaml"}, {"get", "ippool", "missing"},
                    {"ipam", "show"}, {"ipam", "show", "--show-blocks"}, {"version"}, {"version", "--client"},
            };
            for (String[] c : reads) run(c, noConfig, env, sink);
            etcdReads(dir, env, sink);
            if (!all) return;
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

    private static void run(String[] command, String config, Map<String, String> env, PrintStream sink) {
        String[] withConfig = new String[command.length + 2];
        System.arraycopy(command, 0, withConfig, 0, command.length);
        withConfig[command.length] = "--config";
        withConfig[command.length + 1] = config;
        Main.run(withConfig, sink, sink, new ByteArrayInputStream(POOLS.getBytes(StandardCharsets.UTF_8)), env);
    }

    /**
     * The etcd client's path (HTTP request and response, range decoding) against a loopback endpoint
     * that answers every call as etcd's JSON gateway does for an empty store (no keys, revision 1):
     * the everyday reads only. A plain socket, so no HTTP server's classes end up in the archive.
     */
    private static void etcdReads(Path dir, Map<String, String> env, PrintStream sink) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> answerEmpty(server), "training-etcd");
            t.setDaemon(true);
            t.start();
            Path config = dir.resolve("etcd.cfg");
            Files.writeString(config, "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n"
                    + "  etcdEndpoints: http://127.0.0.1:" + server.getLocalPort() + "\n");
            for (String[] c : new String[][]{{"get", "ippools", "-o", "yaml"}, {"get", "ippools"}, {"ipam", "show"}, {"version"}}) {
                run(c, config.toString(), env, sink);
            }
        }
    }

    private static void answerEmpty(ServerSocket server) {
        byte[] body = "{\"header\":{\"cluster_id\":\"1\",\"member_id\":\"1\",\"revision\":\"1\",\"raft_term\":\"1\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                java.io.InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                // one connection carries several requests (keep-alive): headers, then Content-Length bytes of body
                while (true) {
                    StringBuilder headers = new StringBuilder();
                    int c;
                    while ((c = in.read()) >= 0) {
                        headers.append((char) c);
                        if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) break;
                    }
                    if (c < 0) break;
                    int length = 0;
                    for (String line : headers.toString().split("\r\n")) {
                        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
                    }
                    in.readNBytes(length);
                    out.write(head);
                    out.write(body);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // closed at the end of training, or a client gone: next connection
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
