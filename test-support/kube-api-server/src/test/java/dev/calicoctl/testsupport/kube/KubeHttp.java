package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A plain java.net.http client for the test server, as a Kubernetes client would use it. */
final class KubeHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();

  record Reply(int code, JsonNode body, List<String> warnings, String contentType) {
    String reason() {
      return body.path("reason").asText();
    }

    String message() {
      return body.path("message").asText();
    }
  }

  private final HttpClient client;
  private final String base;
  private final String token;

  KubeHttp(KubeApiServerProcess server, String token) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30));
    if (server.url().startsWith("https:")) {
      b.sslContext(server.sslContext());
    }
    this.client = b.build();
    this.base = server.url();
    this.token = token;
  }

  Reply get(String path) {
    return send("GET", path, null, null, null);
  }

  Reply get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  Reply post(String path, Object body) {
    return send("POST", path, "application/json", json(body), null);
  }

  Reply put(String path, Object body) {
    return send("PUT", path, "application/json", json(body), null);
  }

  Reply patch(String path, String contentType, String body) {
    return send("PATCH", path, contentType, body, null);
  }

  Reply delete(String path) {
    return send("DELETE", path, null, null, null);
  }

  Reply delete(String path, Object options) {
    return send("DELETE", path, "application/json", json(options), null);
  }

  Reply send(String method, String path, String contentType, String body, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        // a guard against a hung server, not a measurement
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed = r.body().isEmpty() ? MAPPER.createObjectNode() : parseOrText(r.body());
      return new Reply(r.statusCode(), parsed, r.headers().allValues("Warning"),
          r.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parseOrText(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(s);
    }
  }

  private static String json(Object body) {
    try {
      return body instanceof String s ? s : MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"apiVersion":..,"kind":..,"metadata":{"name":..}}}, ready for more fields. */
  static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.putObject("metadata").put("name", name);
    return o;
  }

  static ObjectNode ipPool(String name, String cidr) {
    ObjectNode o = object("crd.projectcalico.org/v1", "IPPool", name);
    o.putObject("spec").put("cidr", cidr);
    return o;
  }

  static String rv(JsonNode obj) {
    return obj.path("metadata").path("resourceVersion").asText();
  }

  static String uid(JsonNode obj) {
    return obj.path("metadata").path("uid").asText();
  }
}
