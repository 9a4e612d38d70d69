package dev.calicoctl.testsupport.kube;

import java.util.Map;
import java.util.TreeMap;

/**
 * Request counts served at {@code /metrics} as kube-apiserver's {@code apiserver_request_total}
 * (Prometheus text), so a test can count the API requests a command makes.
 */
final class RequestMetrics {
  private final Map<String, Long> counts = new TreeMap<>();

  synchronized void count(String method, String resource, int code) {
    String key = "code=\"" + code + "\",resource=\"" + resource + "\",verb=\"" + method + "\"";
    counts.merge(key, 1L, Long::sum);
  }

  synchronized String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP apiserver_request_total Counter of apiserver requests broken out by verb, resource and HTTP response code.\n");
    sb.append("# TYPE apiserver_request_total counter\n");
    counts.forEach((k, v) -> sb.append("apiserver_request_total{").append(k).append("} ").append(v).append('\n'));
    return sb.toString();
  }
}
