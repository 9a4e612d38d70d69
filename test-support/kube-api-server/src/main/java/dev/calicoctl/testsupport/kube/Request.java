package dev.calicoctl.testsupport.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as the server sees it: method, decoded path segments, query, headers, body. */
final class Request {
  final String method;
  final String path;
  final List<String> segments;
  final Map<String, String> query;
  final String accept;
  final String contentType;
  final String authorization;
  final String body;
  /** Warning headers for the response (kube-apiserver's "299 - ..." warnings). */
  final List<String> warnings = new ArrayList<>();

  Request(String method, String pathAndQuery, String accept, String contentType, String authorization, String body) {
    this.method = method;
    int q = pathAndQuery.indexOf('?');
    String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    this.path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    this.query = parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
    List<String> segs = new ArrayList<>();
    for (String s : Arrays.asList(path.split("/"))) {
      if (!s.isEmpty()) {
        segs.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    this.segments = segs;
    this.accept = accept == null ? "" : accept;
    this.contentType = contentType == null ? "" : contentType;
    this.authorization = authorization;
    this.body = body == null ? "" : body;
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  String param(String name) {
    return query.getOrDefault(name, "");
  }

  /** The media type without parameters, lower case. */
  String mediaType() {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
  }
}
