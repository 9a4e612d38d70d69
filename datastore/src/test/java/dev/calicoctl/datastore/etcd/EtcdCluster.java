package dev.calicoctl.datastore.etcd;

import dev.calicoctl.model.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real three-member etcd cluster (Debian's etcd-server) on free loopback ports, for fault tests:
 * members can be killed and restarted with their data, or frozen (SIGSTOP) and thawed.
 */
public final class EtcdCluster implements AutoCloseable {
    public final List<String> endpoints = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private EtcdCluster(Path dir) { this.dir = dir; }

    public static EtcdCluster start(int members) throws IOException, InterruptedException {
        String bin = EtcdServer.binary();
        if (bin == null) {
            String msg = "etcd is not installed (apt-get install etcd-server etcd-client); src/test.sh installs it";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(msg);
            Assumptions.abort(msg);
        }
        EtcdCluster c = new EtcdCluster(Files.createTempDirectory("calicoctl-etcd-cluster"));
        int[] client = new int[members], peer = new int[members];
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < members; i++) {
            client[i] = EtcdServer.freePort();
            peer[i] = EtcdServer.freePort();
            if (i > 0) initial.append(',');
            initial.append("m").append(i).append("=http://127.0.0.1:").append(peer[i]);
        }
        for (int i = 0; i < members; i++) {
            String url = "http://127.0.0.1:" + client[i];
            c.endpoints.add(url);
            c.commands.add(List.of(bin, "--name", "m" + i, "--data-dir", c.dir.resolve("m" + i).toString(),
                    "--listen-client-urls", url, "--advertise-client-urls", url,
                    "--listen-peer-urls", "http://127.0.0.1:" + peer[i], "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                    "--initial-cluster", initial.toString(), "--initial-cluster-state", "new",
                    "--initial-cluster-token", "calicoctl-test", "--log-level", "error"));
            c.processes.add(null);
            c.launch(i);
        }
        for (int i = 0; i < members; i++) c.awaitHealthy(i);
        return c;
    }

    private void launch(int i) throws IOException {
        processes.set(i, new ProcessBuilder(commands.get(i)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("m" + i + ".log").toFile())).start());
    }

    private void awaitHealthy(int i) throws IOException, InterruptedException {
        for (int t = 0; t < 200; t++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.get(i) + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd member " + i + " did not become healthy: " + Files.readString(dir.resolve("m" + i + ".log")));
    }

    /** The index of the member that is leader now, asking each live member until one answers. */
    public int leader() throws IOException, InterruptedException {
        for (int t = 0; t < 100; t++) {
            for (int i = 0; i < endpoints.size(); i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.get(i) + "/v3/maintenance/status"))
                            .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    Map<String, Object> m = Json.parseObject(r.body());
                    Object leader = m.get("leader");
                    Object self = m.get("header") instanceof Map<?, ?> h ? h.get("member_id") : null;
                    if (leader != null && leader.equals(self)) return i;
                } catch (IOException | RuntimeException e) {
                    // member down or frozen: ask the next
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no etcd member reports itself leader");
    }

    public void kill(int i) throws InterruptedException {
        processes.get(i).destroyForcibly();
        processes.get(i).waitFor();
    }

    public void restart(int i) throws IOException, InterruptedException {
        launch(i);
        awaitHealthy(i);
    }

    /** SIGSTOP (freeze) or SIGCONT (thaw) one member. */
    public void signal(int i, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(i).pid())).inheritIO().start().waitFor();
    }

    @Override public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            if (p == null) continue;
            new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
            p.destroy();
            p.waitFor();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
