package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs the test Kubernetes API server as a standalone process on a loopback port.
 *
 * <pre>
 * --port N              port to listen on (0, the default, picks a free one)
 * --http                plain HTTP instead of HTTPS with a self-signed certificate
 * --crd-mode v1|v3|none Calico's CRDs as crd.projectcalico.org/v1 (default), as
 *                       projectcalico.org/v3, or none at all
 * --token T             require "Authorization: Bearer T" (else 401)
 * --forbidden-token T   answer 403 to that token, on everything
 * --state-dir D         write D/kubeconfig (context "test") and D/ca.crt there
 * --exit-with-parent    exit when the process that started this one exits
 * </pre>
 *
 * Prints exactly one line, {@code READY <url> <kubeconfig-path>}, once it serves.
 */
public final class KubeApiServerMain {
  /** The kubeconfig's token when the server was started without --token (it accepts any then). */
  public static final String NO_AUTH_TOKEN = "no-auth-required";

  private static final Logger BLOCKED_THREAD_LOGGER = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

  private KubeApiServerMain() {}

  record Options(int port, boolean http, String crdMode, String token, String forbiddenToken, Path stateDir,
      boolean exitWithParent) {}

  public static void main(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("kube-api-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(o);
    } catch (Exception e) {
      System.err.println("kube-api-server: cannot start: " + e);
      System.exit(1);
    }
  }

  static Options parse(String[] args) {
    int port = 0;
    boolean http = false;
    boolean exitWithParent = false;
    String crdMode = "v1";
    String token = null;
    String forbidden = null;
    Path stateDir = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--http" -> http = true;
        case "--exit-with-parent" -> exitWithParent = true;
        case "--port", "--crd-mode", "--token", "--forbidden-token", "--state-dir" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          String v = args[++i];
          switch (a) {
            case "--port" -> {
              try {
                port = Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port: not a number: " + v);
              }
              if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port: out of range: " + v);
              }
            }
            case "--crd-mode" -> {
              if (!List.of("v1", "v3", "none").contains(v)) {
                throw new IllegalArgumentException("--crd-mode: expected v1, v3 or none, got " + v);
              }
              crdMode = v;
            }
            case "--token" -> token = v;
            case "--forbidden-token" -> forbidden = v;
            default -> stateDir = Paths.get(v);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument: " + a
            + " (usage: [--port N] [--http] [--crd-mode v1|v3|none] [--token T] [--forbidden-token T] [--state-dir D]"
            + " [--exit-with-parent])");
      }
    }
    return new Options(port, http, crdMode, token, forbidden, stateDir, exitWithParent);
  }

  static void run(Options o) throws Exception {
    // Vert.x and the mock server log each request through java.util.logging; keep stderr for errors
    Logger.getLogger("").setLevel(Level.WARNING);
    for (var h : Logger.getLogger("").getHandlers()) {
      h.setLevel(Level.WARNING);
    }
    // requests are served on Vert.x's event loops behind one lock; on a loaded machine a wait
    // there is expected, not worth a stack trace on stderr
    BLOCKED_THREAD_LOGGER.setLevel(Level.OFF);
    CrudStore store = new CrudStore();
    ResourceRegistry registry = new ResourceRegistry();
    Discovery discovery = new Discovery(registry);
    KubeApiDispatcher dispatcher = new KubeApiDispatcher(store, registry, discovery, o.token(), o.forbiddenToken());
    seed(dispatcher, o);

    MockWebServer web = new MockWebServer();
    if (!o.http()) {
      web.useHttps();
    }
    web.setHttp2ClearTextEnabled(false);
    web.setDispatcher(new DrainingDispatcher(dispatcher, web));
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    web.start(loopback, o.port());
    String hostPort = "127.0.0.1:" + web.getPort();
    discovery.serverAddress(hostPort);
    String url = (o.http() ? "http://" : "https://") + hostPort;

    Path dir = o.stateDir() != null ? o.stateDir() : Files.createTempDirectory("kube-api-server-");
    Files.createDirectories(dir);
    String caPem = null;
    if (!o.http()) {
      caPem = Files.readString(Paths.get(web.getSelfSignedCertificate().certificatePath()), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve("ca.crt"), caPem, StandardCharsets.US_ASCII);
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig(url, caPem, o.token()), StandardCharsets.UTF_8);

    warmUp(url, caPem, o.token());

    Runtime.getRuntime().addShutdownHook(new Thread(web::shutdown, "kube-api-server-shutdown"));
    if (o.exitWithParent()) {
      ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
    }
    System.out.println("READY " + url + " " + kubeconfig.toAbsolutePath());
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Serves a few requests to itself before announcing READY: the first request over the network
   * pays for TLS, HTTP/2 and JSON start-up (seconds on a loaded machine), which a client with a
   * short timeout would otherwise see as a failure and retry, e.g. as a duplicate create.
   */
  private static void warmUp(String url, String caPem, String token) throws Exception {
    java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder();
    if (caPem != null) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("self", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      b.sslContext(ctx);
    }
    java.net.http.HttpClient client = b.build();
    for (String path : List.of("/version", "/api/v1/namespaces/default", "/apis", "/api/v1/namespaces?limit=1")) {
      java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path));
      if (token != null) {
        rb.header("Authorization", "Bearer " + token);
      }
      java.net.http.HttpResponse<String> r = client.send(rb.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("self-check " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }

  /** The kubeconfig (JSON, which every YAML reader reads): cluster, user and context all named "test". */
  static String kubeconfig(String url, String caPem, String token) {
    ObjectMapper m = Json.MAPPER;
    ObjectNode cfg = m.createObjectNode();
    cfg.put("apiVersion", "v1");
    cfg.put("kind", "Config");
    ObjectNode cluster = cfg.putArray("clusters").addObject();
    cluster.put("name", "test");
    ObjectNode c = cluster.putObject("cluster");
    c.put("server", url);
    if (caPem != null) {
      c.put("certificate-authority-data",
          Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    }
    ObjectNode user = cfg.putArray("users").addObject();
    user.put("name", "test");
    ObjectNode u = user.putObject("user");
    // a user without credentials makes kubectl prompt for a username; without --token any token
    // is accepted, so a placeholder keeps kubectl non-interactive
    u.put("token", token != null ? token : NO_AUTH_TOKEN);
    ObjectNode ctx = cfg.putArray("contexts").addObject();
    ctx.put("name", "test");
    ObjectNode cc = ctx.putObject("context");
    cc.put("cluster", "test");
    cc.put("user", "test");
    cc.put("namespace", "default");
    cfg.put("current-context", "test");
    cfg.putObject("preferences");
    return Json.write(cfg) + "\n";
  }

  /** Built-in namespaces and the CRDs, created through the dispatcher as any client would. */
  private static void seed(KubeApiDispatcher dispatcher, Options o) throws IOException {
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("apiVersion", "v1");
      n.put("kind", "Namespace");
      n.putObject("metadata").put("name", ns);
      post(dispatcher, o, "/api/v1/namespaces", n);
    }
    if (!o.crdMode().equals("none")) {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      List<String> files = resourceFiles("crds/" + o.crdMode());
      if (files.isEmpty()) {
        throw new IOException("no CRDs found on the classpath under crds/" + o.crdMode()
            + " (the v1 CRDs are copied from shared/upstream/calico-crds at build time)");
      }
      for (String f : files) {
        try (InputStream in = KubeApiServerMain.class.getClassLoader().getResourceAsStream(f)) {
          JsonNode crd = yaml.readTree(in);
          post(dispatcher, o, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", (ObjectNode) crd);
        }
      }
    }
  }

  private static void post(KubeApiDispatcher dispatcher, Options o, String path, ObjectNode body) throws IOException {
    Headers.Builder h = Headers.builder().add("Content-Type", "application/json");
    if (o.token() != null) {
      h.add("Authorization", "Bearer " + o.token());
    }
    Buffer b = new Buffer();
    b.write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    MockResponse r = dispatcher.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, path, h.build(), b));
    if (r.code() != 201) {
      throw new IOException("seeding " + path + " failed: " + r.code() + " " + r.getBody().readUtf8());
    }
  }

  /** The *.yaml resources in a classpath folder, sorted, whether the classes are a folder or a jar. */
  static List<String> resourceFiles(String folder) throws IOException {
    List<String> out = new ArrayList<>();
    Enumeration<URL> urls = KubeApiServerMain.class.getClassLoader().getResources(folder);
    for (URL url : Collections.list(urls)) {
      if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
          files.map(p -> folder + "/" + p.getFileName()).filter(n -> n.endsWith(".yaml")).forEach(out::add);
        } catch (URISyntaxException e) {
          throw new IOException(e);
        }
      } else if (url.getProtocol().equals("jar")) {
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
          for (JarEntry e : Collections.list(jar.entries())) {
            String n = e.getName();
            if (n.startsWith(folder + "/") && n.endsWith(".yaml") && n.indexOf('/', folder.length() + 1) < 0) {
              out.add(n);
            }
          }
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Keeps the mock server's record of requests from growing without bound over long runs. */
  private static final class DrainingDispatcher extends io.fabric8.mockwebserver.http.Dispatcher {
    private final KubeApiDispatcher inner;
    private final MockWebServer web;

    DrainingDispatcher(KubeApiDispatcher inner, MockWebServer web) {
      this.inner = inner;
      this.web = web;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      try {
        while (web.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
          // drop: nothing reads the recorded requests
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.dispatch(request);
    }

    @Override
    public void shutdown() {
      inner.shutdown();
    }
  }
}
