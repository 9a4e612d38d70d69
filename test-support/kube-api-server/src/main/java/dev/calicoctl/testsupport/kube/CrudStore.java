package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Storage: Fabric8's CRUD dispatcher, driven only with canonical paths and requests that our
 * checks have already accepted. It keeps the objects, assigns uid, creationTimestamp, generation
 * and the cluster-wide resourceVersion counter, and learns CRDs as they are stored.
 */
final class CrudStore {
  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  /**
   * Fabric8 numbers uids from a counter (00000000-...-00000000001c); kube-apiserver's are random
   * version-4 UUIDs, and clients that transform uids (Calico reverses bits per byte) must not get
   * values that map to themselves. Clients see a random uid per object, mapped here.
   */
  private final Map<String, String> uids = new HashMap<>();

  KubernetesCrudDispatcher dispatcher() {
    return crud;
  }

  private MockResponse send(HttpMethod method, String path, String contentType, String body) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    Buffer buffer = new Buffer();
    if (body != null) {
      buffer.write(body.getBytes(StandardCharsets.UTF_8));
    }
    return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer));
  }

  private static String body(MockResponse r) {
    return r.getBody() == null ? "" : r.getBody().readUtf8();
  }

  ObjectNode get(ResourceType type, String namespace, String name) {
    MockResponse r = send(HttpMethod.GET, type.objectPath(namespace, name), null, null);
    return r.code() == 200 ? outward(Json.readStored(body(r))) : null;
  }

  /** All objects of a type, in a namespace or (null) in all. */
  List<ObjectNode> list(ResourceType type, String namespace) {
    MockResponse r = send(HttpMethod.GET, type.collectionPath(namespace), null, null);
    List<ObjectNode> out = new ArrayList<>();
    if (r.code() == 200) {
      JsonNode list = Json.readStored(body(r));
      for (JsonNode item : list.path("items")) {
        // the CRUD dispatcher matches by attributes; keep only this exact type
        if (type.apiVersion().equals(item.path("apiVersion").asText()) && type.kind().equals(item.path("kind").asText())) {
          out.add(outward((ObjectNode) item));
        }
      }
    }
    return out;
  }

  ObjectNode create(ResourceType type, String namespace, ObjectNode obj) {
    MockResponse r = send(HttpMethod.POST, type.collectionPath(namespace), "application/json", Json.write(obj));
    if (r.code() != 201) {
      throw new IllegalStateException("store refused create: " + r.code() + " " + body(r));
    }
    ObjectNode created = Json.readStored(body(r));
    uids.put(Json.text(created, "metadata", "uid"), UUID.randomUUID().toString());
    return outward(created);
  }

  /** Replaces the object; {@code statusOnly} writes only its status (CRDs with a status subresource). */
  ObjectNode replace(ResourceType type, String namespace, String name, ObjectNode obj, boolean statusOnly) {
    String path = type.objectPath(namespace, name) + (statusOnly ? "/status" : "");
    MockResponse r = send(HttpMethod.PUT, path, "application/json", Json.write(obj));
    if (r.code() != 200) {
      throw new IllegalStateException("store refused update: " + r.code() + " " + body(r));
    }
    String b = body(r);
    return b.isEmpty() ? null : outward(Json.readStored(b));
  }

  void delete(ResourceType type, String namespace, String name) {
    MockResponse r = send(HttpMethod.DELETE, type.objectPath(namespace, name), null, null);
    if (r.code() == 200) {
      uids.remove(Json.text(Json.readStored(body(r)), "metadata", "uid"));
    }
    // a delete is a revision in etcd too
    crud.requestResourceVersion();
  }

  /** The object as clients see it: tidy metadata, its public uid. */
  private ObjectNode outward(ObjectNode obj) {
    Normalize.stored(obj);
    String internal = Json.text(obj, "metadata", "uid");
    String external = uids.get(internal);
    if (external != null) {
      Json.metadata(obj).put("uid", external);
    }
    return obj;
  }

  long nextResourceVersion() {
    return crud.requestResourceVersion();
  }

  /** The newest resourceVersion handed out (the list resourceVersion). */
  String currentResourceVersion() {
    MockResponse r = send(HttpMethod.GET, "/api/v1/-", null, null);
    return Json.readStored(body(r)).path("metadata").path("resourceVersion").asText();
  }
}
