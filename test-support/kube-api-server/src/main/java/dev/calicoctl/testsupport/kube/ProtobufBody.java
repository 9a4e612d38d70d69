package dev.calicoctl.testsupport.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the Kubernetes protobuf request bodies that kubectl's typed clients send
 * ({@code kubectl create namespace|serviceaccount|configmap}) into JSON objects: the
 * {@code k8s\0} envelope (runtime.Unknown) and the messages of Namespace, ServiceAccount and
 * ConfigMap as far as those commands fill them. Anything else is refused with 415 rather than
 * half-read, so nothing a client sent is dropped silently.
 */
final class ProtobufBody {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBody() {}

  static String toJson(byte[] body) throws ApiError {
    if (body.length < 4 || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      throw unsupported("the protobuf body lacks the k8s envelope");
    }
    Reader envelope = new Reader(body, 4, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = null;
    while (envelope.more()) {
      int key = envelope.varint32();
      int field = key >>> 3;
      if (field == 1 && (key & 7) == 2) {
        Reader typeMeta = envelope.nested();
        while (typeMeta.more()) {
          int k = typeMeta.varint32();
          if (k >>> 3 == 1 && (k & 7) == 2) {
            apiVersion = typeMeta.string();
          } else if (k >>> 3 == 2 && (k & 7) == 2) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip(k);
          }
        }
      } else if (field == 2 && (key & 7) == 2) {
        raw = envelope.bytes();
      } else {
        envelope.skip(key);
      }
    }
    if (raw == null) {
      throw unsupported("the protobuf envelope carries no object");
    }
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", apiVersion);
    obj.put("kind", kind);
    Reader r = new Reader(raw, 0, raw.length);
    while (r.more()) {
      int key = r.varint32();
      int field = key >>> 3;
      if (field == 1 && (key & 7) == 2) {
        obj.set("metadata", objectMeta(r.nested()));
      } else if (kind.equals("Namespace") && field == 2 && (key & 7) == 2) {
        Reader spec = r.nested();
        ArrayNode finalizers = Json.MAPPER.createArrayNode();
        while (spec.more()) {
          int k = spec.varint32();
          if (k >>> 3 == 1 && (k & 7) == 2) {
            finalizers.add(spec.string());
          } else {
            throw unsupported("Namespace spec field " + (k >>> 3));
          }
        }
        if (!finalizers.isEmpty()) {
          obj.putObject("spec").set("finalizers", finalizers);
        }
      } else if (kind.equals("Namespace") && field == 3 && (key & 7) == 2) {
        r.nested(); // status is the server's to set
      } else if (kind.equals("ConfigMap") && field == 2 && (key & 7) == 2) {
        String[] kv = mapEntry(r.nested());
        obj.with("data").put(kv[0], kv[1]);
      } else if (kind.equals("ServiceAccount") && field == 4 && (key & 7) == 0) {
        obj.put("automountServiceAccountToken", r.varint64() != 0);
      } else {
        throw unsupported(kind + " field " + field);
      }
    }
    return Json.write(obj);
  }

  private static ObjectNode objectMeta(Reader r) throws ApiError {
    ObjectNode m = Json.MAPPER.createObjectNode();
    while (r.more()) {
      int key = r.varint32();
      int field = key >>> 3;
      switch (field) {
        case 1 -> putIfNotEmpty(m, "name", r.string());
        case 2 -> putIfNotEmpty(m, "generateName", r.string());
        case 3 -> putIfNotEmpty(m, "namespace", r.string());
        case 5 -> putIfNotEmpty(m, "uid", r.string());
        case 6 -> putIfNotEmpty(m, "resourceVersion", r.string());
        case 11, 12 -> {
          String[] kv = mapEntry(r.nested());
          m.with(field == 11 ? "labels" : "annotations").put(kv[0], kv[1]);
        }
        case 14 -> m.withArray("finalizers").add(r.string());
        // selfLink, generation, timestamps, grace period, managedFields: the server's to set
        case 4, 7, 8, 9, 10, 17 -> r.skip(key);
        default -> throw unsupported("ObjectMeta field " + field);
      }
    }
    return m;
  }

  private static void putIfNotEmpty(ObjectNode m, String field, String value) {
    if (!value.isEmpty()) {
      m.put(field, value);
    }
  }

  private static String[] mapEntry(Reader e) throws ApiError {
    String k = "";
    String v = "";
    while (e.more()) {
      int key = e.varint32();
      if (key >>> 3 == 1) {
        k = e.string();
      } else if (key >>> 3 == 2) {
        v = e.string();
      } else {
        e.skip(key);
      }
    }
    return new String[] {k, v};
  }

  private static ApiError unsupported(String what) {
    return ApiError.unsupportedMediaType("this test server decodes protobuf only for kubectl's simple creates ("
        + what + " is not understood); send application/json");
  }

  /** Protobuf wire-format reading over a byte range. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint64() throws ApiError {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw unsupported("a truncated varint");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw unsupported("an overlong varint");
    }

    int varint32() throws ApiError {
      return (int) varint64();
    }

    byte[] bytes() throws ApiError {
      int len = varint32();
      if (len < 0 || pos + len > end) {
        throw unsupported("a truncated field");
      }
      byte[] out = Arrays.copyOfRange(b, pos, pos + len);
      pos += len;
      return out;
    }

    String string() throws ApiError {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader nested() throws ApiError {
      int len = varint32();
      if (len < 0 || pos + len > end) {
        throw unsupported("a truncated message");
      }
      Reader r = new Reader(b, pos, pos + len);
      pos += len;
      return r;
    }

    void skip(int key) throws ApiError {
      switch (key & 7) {
        case 0 -> varint64();
        case 1 -> pos += 8;
        case 2 -> {
          int len = varint32();
          pos += len;
        }
        case 5 -> pos += 4;
        default -> throw unsupported("wire type " + (key & 7));
      }
      if (pos > end) {
        throw unsupported("a truncated field");
      }
    }
  }
}
