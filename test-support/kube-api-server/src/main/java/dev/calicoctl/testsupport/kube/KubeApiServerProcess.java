package dev.calicoctl.testsupport.kube;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Starts {@link KubeApiServerMain} in a separate JVM for a test, and stops it. Uses only the JDK,
 * so a module may depend on this one with all its transitive dependencies excluded: the server
 * JVM gets this module's own runtime classpath (written at build time), never the caller's.
 *
 * <pre>
 * try (KubeApiServerProcess api = KubeApiServerProcess.start("--token", "t")) {
 *   run("kubectl", "--kubeconfig", api.kubeconfig().toString(), "get", "ns");
 * }
 * </pre>
 */
public final class KubeApiServerProcess implements AutoCloseable {
  private static final long READY_TIMEOUT_SECONDS = 180;

  private final Process process;
  private final String url;
  private final Path kubeconfig;
  private final Path ownedStateDir;
  private final Path stderr;

  private KubeApiServerProcess(Process process, String url, Path kubeconfig, Path ownedStateDir, Path stderr) {
    this.process = process;
    this.url = url;
    this.kubeconfig = kubeconfig;
    this.ownedStateDir = ownedStateDir;
    this.stderr = stderr;
  }

  /**
   * Starts the server with {@link KubeApiServerMain}'s arguments and waits until it serves.
   * Without {@code --state-dir} a temporary one is used and deleted by {@link #close()}.
   *
   * @throws IllegalStateException if it exits or does not become ready, with its stderr
   */
  public static KubeApiServerProcess start(String... args) {
    List<String> argv = new ArrayList<>(Arrays.asList(args));
    Path owned = null;
    Path stderr;
    try {
      if (!argv.contains("--state-dir")) {
        owned = Files.createTempDirectory("kube-api-server-");
        argv.add("--state-dir");
        argv.add(owned.toString());
      }
      stderr = Files.createTempFile("kube-api-server-", ".stderr");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xss512k");
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(KubeApiServerMain.class.getName());
    cmd.addAll(argv);
    // a test JVM killed outright must not leave servers behind
    cmd.add("--exit-with-parent");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test API server JVM", e);
    }
    p.getOutputStream();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readStdout(p.getInputStream(), ready), "kube-api-server-stdout");
    reader.setDaemon(true);
    reader.start();
    String line;
    try {
      line = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the test API server");
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException("the test API server did not become ready"
          + (p.isAlive() ? "" : " (exit " + exitCode(p) + ")") + ": " + readQuietly(stderr));
    }
    String[] parts = line.split(" ");
    return new KubeApiServerProcess(p, parts[1], Paths.get(parts[2]), owned, stderr);
  }

  private static void readStdout(InputStream in, CompletableFuture<String> ready) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!ready.isDone() && line.startsWith("READY ") && line.split(" ").length == 3) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      // the process went away; fall through
    }
    ready.completeExceptionally(new IllegalStateException("stdout closed before READY"));
  }

  private static int exitCode(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** This module's classes (folder or jar) and the dependency list the build wrote beside them. */
  static String classpath() {
    try {
      Path self = Paths.get(KubeApiServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String deps;
      try (InputStream in = KubeApiServerProcess.class.getResourceAsStream("server-classpath.txt")) {
        if (in == null) {
          throw new IllegalStateException("server-classpath.txt is missing beside " + self
              + " (it is written by the build: mvn -pl test-support/kube-api-server generate-resources)");
        }
        deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      return self + File.pathSeparator + deps;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's base URL, e.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /** The kubeconfig written for this server (context {@code test}, its CA, the token if any). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The PEM file of the server's self-signed certificate (absent with {@code --http}). */
  public Path caCertificate() {
    return kubeconfig.resolveSibling("ca.crt");
  }

  /** An SSLContext trusting exactly this server's certificate, for java.net.http clients. */
  public SSLContext sslContext() {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Certificate cert = cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caCertificate())));
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("test-api-server", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the server wrote on stderr so far (errors only). */
  public String stderr() {
    return readQuietly(stderr);
  }

  /** Stops the server process and removes what this object created. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteQuietly(stderr);
    if (ownedStateDir != null) {
      try (Stream<Path> walk = Files.walk(ownedStateDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(KubeApiServerProcess::deleteQuietly);
      } catch (IOException e) {
        // best effort: a temp dir
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }
}
