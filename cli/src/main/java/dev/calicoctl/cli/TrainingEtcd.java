package dev.calicoctl.cli;

import dev.calicoctl.model.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A loopback stand-in for etcd's JSON gateway, only for recording the start-up archive
 * ({@link Training}): keys in memory, puts and deletes applied, ranges answered, every transaction's
 * compares taken as true (one writer, a fresh store). Enough for apply, ipam assign and the reads to
 * run their real etcd code paths over real HTTP; not an etcd (no watches, leases, auth or history).
 * A plain socket, so no HTTP server's classes end up in the archive.
 */
final class TrainingEtcd implements AutoCloseable {
    private final ServerSocket server;
    private final NavigableMap<String, byte[]> keys = new TreeMap<>();
    private long revision = 1;

    TrainingEtcd() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "training-etcd");
        t.setDaemon(true);
        t.start();
    }

    String endpoint() { return "http://127.0.0.1:" + server.getLocalPort(); }

    @Override public void close() throws IOException { server.close(); }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                // one connection carries several requests (keep-alive): headers, then Content-Length bytes of body
                while (true) {
                    String head = readHead(in);
                    if (head == null) break;
                    String path = head.substring(head.indexOf(' ') + 1);
                    path = path.substring(0, path.indexOf(' '));
                    String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
                    byte[] answer = Json.write(answer(path, Json.parseObject(body))).getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // closed at the end of training, or a client gone: next connection
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.charAt(head.length() - 1) == '\n' && head.substring(head.length() - 4).equals("\r\n\r\n")) return head.toString();
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) return Integer.parseInt(line.substring(15).trim());
        }
        return 0;
    }

    private synchronized Map<String, Object> answer(String path, Map<String, Object> request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("cluster_id", "1");
        header.put("member_id", "1");
        header.put("raft_term", "1");
        answer.put("header", header);
        switch (path) {
            case "/v3/kv/range" -> answer.putAll(range(request));
            case "/v3/kv/txn" -> {
                List<Object> responses = new ArrayList<>();
                if (request.get("success") instanceof List<?> ops) for (Object op : ops) responses.add(apply(op));
                answer.put("succeeded", true);
                answer.put("responses", responses);
            }
            default -> { }
        }
        header.put("revision", Long.toString(revision));
        return answer;
    }

    private Map<String, Object> apply(Object op) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (!(op instanceof Map<?, ?> m)) return r;
        if (m.get("request_put") instanceof Map<?, ?> put) {
            revision++;
            keys.put(decode(put.get("key")), Base64.getDecoder().decode(String.valueOf(put.get("value"))));
            r.put("response_put", Map.of());
        } else if (m.get("request_delete_range") instanceof Map<?, ?> del) {
            NavigableMap<String, byte[]> hit = selected(del);
            int deleted = hit.size();
            if (deleted > 0) revision++;
            hit.clear();
            r.put("response_delete_range", Map.of("deleted", Integer.toString(deleted)));
        } else if (m.get("request_range") instanceof Map<?, ?> range) {
            r.put("response_range", range(range));
        }
        return r;
    }

    private Map<String, Object> range(Map<?, ?> request) {
        Map<String, Object> r = new LinkedHashMap<>();
        NavigableMap<String, byte[]> hit = selected(request);
        boolean countOnly = Boolean.TRUE.equals(request.get("count_only"));
        if (!countOnly && !hit.isEmpty()) {
            List<Object> kvs = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : hit.entrySet()) {
                Map<String, Object> kv = new LinkedHashMap<>();
                kv.put("key", Base64.getEncoder().encodeToString(e.getKey().getBytes(StandardCharsets.UTF_8)));
                kv.put("create_revision", Long.toString(revision));
                kv.put("mod_revision", Long.toString(revision));
                kv.put("version", "1");
                kv.put("value", Base64.getEncoder().encodeToString(e.getValue()));
                kvs.add(kv);
            }
            r.put("kvs", kvs);
        }
        if (!hit.isEmpty()) r.put("count", Integer.toString(hit.size()));
        return r;
    }

    /** The keys a request's key and range_end name (one key, or [key, range_end); "\0" as range_end: all from key). */
    private NavigableMap<String, byte[]> selected(Map<?, ?> request) {
        String key = decode(request.get("key"));
        Object end = request.get("range_end");
        if (end == null) return keys.subMap(key, true, key, true);
        String to = decode(end);
        return to.equals("\0") ? keys.tailMap(key, true) : keys.subMap(key, true, to, false);
    }

    private static String decode(Object b64) {
        return new String(Base64.getDecoder().decode(String.valueOf(b64)), StandardCharsets.UTF_8);
    }
}
