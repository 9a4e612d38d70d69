package dev.calicoctl.datastore.etcd;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.stream.Stream;

/**
 * A real etcd (Debian's etcd-server) on free loopback ports with a throwaway data directory,
 * for tests. Missing etcd skips the test locally but fails it under CI=true.
 */
public final class EtcdServer implements AutoCloseable {
    public final String endpoint;
    private Process process;
    private final Path dataDir;
    private final List<String> command;

    private EtcdServer(String endpoint, Process process, Path dataDir, List<String> command) {
        this.endpoint = endpoint;
        this.process = process;
        this.dataDir = dataDir;
        this.command = command;
    }

    public static String binary() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path c = Path.of(p, "etcd");
            if (Files.isExecutable(c)) return c.toString();
        }
        return null;
    }

    public static EtcdServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** Starts etcd with extra command-line flags (TLS, for instance); the client URL scheme follows them. */
    public static EtcdServer start(List<String> extra) throws IOException, InterruptedException {
        String bin = binary();
        if (bin == null) {
            String msg = "etcd is not installed (apt-get install etcd-server etcd-client); src/test.sh installs it";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(msg);
            Assumptions.abort(msg);
        }
        int client = freePort(), peer = freePort();
        boolean tls = extra.stream().anyMatch(s -> s.startsWith("--cert-file"));
        String scheme = tls ? "https" : "http";
        Path dir = Files.createTempDirectory("calicoctl-etcd");
        List<String> cmd = new ArrayList<>(List.of(bin, "--name", "test", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", scheme + "://127.0.0.1:" + client, "--advertise-client-urls", scheme + "://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "test=http://127.0.0.1:" + peer, "--log-level", "error"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        EtcdServer s = new EtcdServer(scheme + "://127.0.0.1:" + client, p, dir, cmd);
        if (!tls) s.awaitHealthy();
        else Thread.sleep(1500); // callers with TLS probe with their own client
        return s;
    }

    private void awaitHealthy() throws InterruptedException, IOException {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) throw new IOException("etcd exited: " + Files.readString(dataDir.resolve("etcd.log")));
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(endpoint + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd did not become healthy at " + endpoint);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Path dir() { return dataDir; }

    /** Starts etcd again after {@link #stop}, same ports, same data. */
    public void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("etcd.log").toFile())).start();
        awaitHealthy();
    }

    /** Stops etcd (SIGKILL when {@code hard}) but keeps its data, for fault tests. */
    public void stop(boolean hard) throws InterruptedException {
        if (hard) process.destroyForcibly(); else process.destroy();
        process.waitFor();
    }

    @Override public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor();
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
