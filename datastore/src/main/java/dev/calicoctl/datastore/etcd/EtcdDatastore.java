package dev.calicoctl.datastore.etcd;

import dev.calicoctl.datastore.Datastore;
import dev.calicoctl.datastore.DatastoreConfig;
import dev.calicoctl.datastore.DatastoreException;
import dev.calicoctl.datastore.KeyValue;
import dev.calicoctl.model.CalicoException;
import dev.calicoctl.model.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.calicoctl.datastore.etcd.EtcdRequests.*;

/**
 * The etcd v3 backend, through etcd's own JSON gateway (/v3/kv/*) over our own small HTTP/1.1
 * client ({@link EtcdHttp}, one kept-alive connection per endpoint): no gRPC stack to load at
 * start-up (measured: jetcd answers its first request ~0.8 s after main(), this ~0.05 s;
 * java.net.http.HttpClient costs ~0.25 s to build and ~0.3 s more at exit; HttpURLConnection
 * ~35 ms of CPU on the main thread and ~80 ms to prewarm, with the JDK's logging set-up). Keys and
 * values are Calico's; etcd's mod_revision is the revision; every conditional write and every
 * commit is one etcd transaction (at most {@value #MAX_TXN_OPS} writes), a bulk create beyond
 * that several (undone on a clash); a batch read is one snapshot. Endpoints are tried in turn.
 */
public final class EtcdDatastore implements Datastore {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Keys per range request; larger prefixes are read page by page. */
    static final int PAGE = 2_000;
    /** etcd's default --max-txn-ops. */
    static final int MAX_TXN_OPS = 128;

    private final List<String> endpoints;
    private volatile int current;
    private volatile String token;
    private final String user;
    private final String password;
    private final EtcdHttp http;

    private EtcdDatastore(List<String> endpoints, javax.net.ssl.SSLSocketFactory tls, String user, String password) {
        this.endpoints = endpoints;
        this.user = user;
        this.password = password;
        this.http = new EtcdHttp(tls, (int) CONNECT_TIMEOUT.toMillis(), (int) REQUEST_TIMEOUT.toMillis());
    }

    public static EtcdDatastore open(DatastoreConfig config) { return open(config, "dns:"); }

    /** Loads and links the HTTP client's code without connecting anywhere (the CLI's start-up prewarm). */
    public static void prewarm() {
        HttpConnection.prewarm();
        new EtcdHttp(null, 1, 1).close();
        // a listing's first range request built, and a range answer decoded, as every read does
        rangeRequest(b64("/calico/"), prefixEnd("/calico/"), PAGE, 0);
        parseRange("{\"header\":{\"revision\":\"2\"},\"kvs\":[{\"key\":\"L2NhbGljby9h\",\"value\":\"e30=\",\"mod_revision\":\"2\"}],\"count\":\"1\"}");
    }

    /** As {@link #open(DatastoreConfig)}, with etcdDiscoverySrv asking the DNS server at {@code dnsUrl} (tests). */
    static EtcdDatastore open(DatastoreConfig config, String dnsUrl) {
        List<String> configured = config.etcdEndpoints();
        if (configured.isEmpty() && config.etcdDiscoverySrv() != null && !config.etcdDiscoverySrv().isEmpty()) {
            configured = SrvDiscovery.endpoints(config.etcdDiscoverySrv(), dnsUrl);
        }
        if (configured.isEmpty()) {
            throw new DatastoreException.Unavailable("no etcd endpoints configured: set etcdEndpoints (or etcdDiscoverySrv) in calicoctl.cfg, or ETCD_ENDPOINTS");
        }
        List<String> eps = new ArrayList<>();
        for (String e : configured) eps.add(checkEndpoint(e.endsWith("/") ? e.substring(0, e.length() - 1) : e));
        boolean https = eps.stream().anyMatch(e -> e.startsWith("https://"));
        javax.net.ssl.SSLSocketFactory sf = null;
        if (https || config.etcdCaCertFile() != null || config.etcdCertFile() != null) {
            sf = Tls.context(config.etcdCaCertFile(), config.etcdCertFile(), config.etcdKeyFile()).getSocketFactory();
        }
        EtcdDatastore ds = new EtcdDatastore(eps, sf, config.etcdUsername(), config.etcdPassword());
        if (ds.user != null && !ds.user.isEmpty()) ds.authenticate();
        return ds;
    }

    /** An endpoint must be an http(s) URL with a host and a port in range: anything else is a one-line error now, not later. */
    static String checkEndpoint(String e) {
        URI u;
        try {
            u = new URI(e);
        } catch (java.net.URISyntaxException x) {
            throw new DatastoreException.Unavailable("invalid etcd endpoint '" + e + "': not a URL (" + x.getReason() + ")");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new DatastoreException.Unavailable("invalid etcd endpoint '" + e + "': the scheme must be http or https (e.g. http://127.0.0.1:2379)");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new DatastoreException.Unavailable("invalid etcd endpoint '" + e + "': no host, or a port that is not a number");
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new DatastoreException.Unavailable("invalid etcd endpoint '" + e + "': port " + u.getPort() + " is out of range (1-65535)");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getRawQuery() != null || u.getRawUserInfo() != null) {
            throw new DatastoreException.Unavailable("invalid etcd endpoint '" + e + "': only scheme://host:port is allowed");
        }
        return e;
    }

    /** The first key after every key with this prefix (etcd's range_end for a prefix). */
    static String prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if ((b[i] & 0xFF) < 0xFF) {
                b[i]++;
                return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, i + 1));
            }
        }
        return Base64.getEncoder().encodeToString(new byte[]{0});
    }

    private void authenticate() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", user);
        body.put("password", password == null ? "" : password);
        token = null; // an expired token sent along would have the sign-in refused as "invalid auth token"
        Map<String, Object> r = Json.parseObject(post("/v3/auth/authenticate", Json.write(body), false));
        Object t = r.get("token");
        if (t == null) throw new DatastoreException.Unavailable("etcd authentication failed for user " + user);
        if (!t.toString().matches("[\\x21-\\x7e]+")) throw new DatastoreException.Unavailable("etcd authentication for user " + user + " gave a token that is not printable ASCII");
        token = t.toString();
    }

    /** POSTs to the gateway, failing over between endpoints; the response body, or a typed error. */
    private String post(String path, String body, boolean retryAuth) {
        IOException last = null;
        boolean lastOverTls = false;
        int n = endpoints.size();
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            int idx = (current + i) % n;
            HttpConnection.Answer answer;
            try {
                answer = http.post(endpoints.get(idx), path, payload, token);
            } catch (IOException e) {
                last = e;
                lastOverTls = endpoints.get(idx).startsWith("https://");
                continue;
            }
            int code = answer.status();
            String resp = new String(answer.body(), StandardCharsets.UTF_8);
            current = idx;
            if (code == 200) {
                afterEachRequest.run();
                return resp;
            }
            if (retryAuth && user != null && resp.contains("invalid auth token")) {
                authenticate();
                return post(path, body, false);
            }
            throw new DatastoreException.Unavailable("etcd at " + endpoints.get(idx) + " answered " + code + ": " + firstLine(resp));
        }
        String why;
        if (last instanceof HttpConnection.ConnectTimeout) why = "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + "s";
        else if (last instanceof java.net.SocketTimeoutException) why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        else if (last instanceof ConnectException) why = "connection refused";
        else if (last instanceof javax.net.ssl.SSLException && String.valueOf(last.getMessage()).matches(".*(certificate_required|bad_certificate).*")) {
            why = "etcd requires a client certificate (set etcdCertFile and etcdKeyFile, or ETCD_CERT_FILE and ETCD_KEY_FILE)";
        } else if (last instanceof javax.net.ssl.SSLException) why = "TLS handshake failed (" + last.getMessage() + ")";
        else if (last instanceof HttpConnection.Closed && lastOverTls) {
            // a TLS server that wants a client certificate may just hang up instead of saying so
            why = "the server closed the connection (etcd may require a client certificate: set etcdCertFile and etcdKeyFile, or ETCD_CERT_FILE and ETCD_KEY_FILE)";
        } else why = last == null || last.getMessage() == null ? "unknown error" : last.getMessage();
        throw new DatastoreException.Unavailable("cannot reach etcd at " + String.join(",", endpoints) + ": " + why);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** One range answer: its keys, whether more follow, and the store revision in its header. */
    record Range(List<KeyValue> kvs, boolean more, long revision) {}

    private Range range(String keyB64, String endB64, int limit) {
        return range(keyB64, endB64, limit, 0);
    }

    /** A range read, at {@code atRevision} when non-zero (so that pages of one listing agree). */
    private Range range(String keyB64, String endB64, int limit, long atRevision) {
        return parseRange(post("/v3/kv/range", rangeRequest(keyB64, endB64, limit, atRevision), true));
    }

    private static String rangeRequest(String keyB64, String endB64, int limit, long atRevision) {
        Map<String, Object> body = obj("key", keyB64);
        if (atRevision > 0) body.put("revision", Long.toString(atRevision));
        if (endB64 != null) body.put("range_end", endB64);
        if (limit > 0) {
            body.put("limit", (long) limit);
            body.put("sort_order", "ASCEND");
            body.put("sort_target", "KEY");
        }
        return Json.write(body);
    }

    /**
     * One range answer, read as a tree: model/QuickJson takes etcd's plain answers without setting a
     * parser up (Jackson's first costs ~15 ms of CPU on every etcd command's start).
     */
    static Range parseRange(String json) {
        Map<String, Object> tree;
        try {
            tree = Json.parseObjectQuickly(json);
        } catch (CalicoException e) {
            throw new DatastoreException.Unavailable("unreadable answer from etcd: " + e.getMessage());
        }
        List<KeyValue> out = new ArrayList<>();
        if (tree.get("kvs") instanceof List<?> kvs) {
            for (Object o : kvs) {
                if (!(o instanceof Map<?, ?> kv)) throw new DatastoreException.Unavailable("unreadable answer from etcd: a key-value that is not an object");
                out.add(new KeyValue(kv.get("key") == null ? null : unb64(text(kv.get("key"))),
                        kv.get("value") == null ? "" : unb64(text(kv.get("value"))), number(kv.get("mod_revision"))));
            }
        }
        long revision = tree.get("header") instanceof Map<?, ?> h ? number(h.get("revision")) : 0;
        return new Range(out, Boolean.TRUE.equals(tree.get("more")), revision);
    }

    /** An answer's string field (etcd's gateway writes bytes as base64 text). */
    private static String text(Object v) {
        if (v instanceof String str) return str;
        throw new DatastoreException.Unavailable("unreadable answer from etcd: " + v + " where base64 text was expected");
    }

    /** An answer's int64 field: the gateway writes them as JSON strings; absent is 0. */
    private static long number(Object v) {
        if (v == null) return 0;
        try {
            return Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            throw new DatastoreException.Unavailable("unreadable answer from etcd: '" + v + "' where a number was expected");
        }
    }


    @Override public Optional<KeyValue> get(String key) {
        List<KeyValue> kvs = range(b64(key), null, 0).kvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }

    /**
     * Runs a read whose later requests are pinned to its first one's revision, again from the
     * start when etcd compacts that revision in between (its answer: "required revision has been
     * compacted"); a few tries, as compaction runs every few minutes at most.
     */
    private <T> T atOneRevision(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (DatastoreException.Unavailable e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("required revision has been compacted")) throw e;
            }
        }
    }

    @Override public Listing listing(String prefix) { return atOneRevision(() -> listingOnce(prefix)); }

    private Listing listingOnce(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        String end = prefixEnd(prefix);
        String from = b64(prefix);
        long at = 0;
        while (true) {
            Range r = range(from, end, PAGE, at);
            if (at == 0) at = r.revision();
            out.addAll(r.kvs());
            if (!r.more() || r.kvs().isEmpty()) return new Listing(out, at);
            from = b64(r.kvs().get(r.kvs().size() - 1).key() + "\u0000");
        }
    }

    /**
     * Range requests of {@code pageSize} keys, every one at the first one's revision. Pages handed
     * over cannot be taken back: when etcd compacts that revision midway, the scan fails (Unavailable,
     * "required revision has been compacted") rather than start again as {@link #listing} does.
     */
    @Override public void scan(String prefix, int pageSize, java.util.function.Consumer<List<KeyValue>> page) {
        if (pageSize < 1) throw new IllegalArgumentException("page size must be positive: " + pageSize);
        String end = prefixEnd(prefix);
        String from = b64(prefix);
        long at = 0;
        while (true) {
            Range r = range(from, end, pageSize, at);
            if (at == 0) at = r.revision();
            if (!r.kvs().isEmpty()) page.accept(r.kvs());
            if (!r.more() || r.kvs().isEmpty()) return;
            from = b64(r.kvs().get(r.kvs().size() - 1).key() + "\u0000");
        }
    }

    /** Every page at the revision of the first: one snapshot however many pages. */
    @Override public List<KeyValue> list(String prefix) { return listing(prefix).items(); }

    /**
     * An etcd transaction's answer: whether its compares held, the store revision after it (the
     * mod_revision of every key it wrote), and its responses in the order of the branch that ran.
     */
    record TxnAnswer(boolean succeeded, long revision, List<?> responses) {
        /** Whether response {@code i}, a range, found the key. */
        boolean found(int i) {
            return responses.get(i) instanceof Map<?, ?> m && m.get("response_range") instanceof Map<?, ?> rr
                    && (rr.get("kvs") instanceof List<?> kvs && !kvs.isEmpty() || rr.get("count") != null && !"0".equals(String.valueOf(rr.get("count"))));
        }
    }

    /** Called after each request etcd answered (tests: another client's write, a compaction, or etcd stopped, between two). */
    private Runnable afterEachRequest = () -> { };

    void afterEachRequest(Runnable hook) { afterEachRequest = hook; }

    /** Bytes of the keys and values a transaction's ops carry (decoded from their base64). */
    private static long payloadBytes(List<Object> ops) {
        long n = 0;
        for (Object op : ops) {
            if (!(op instanceof Map<?, ?> m)) continue;
            for (Object req : m.values()) {
                if (!(req instanceof Map<?, ?> fields)) continue;
                for (String f : List.of("key", "value")) if (fields.get(f) instanceof String b64) n += b64.length() * 3L / 4;
            }
        }
        return n;
    }

    /** Runs one transaction: if every compare holds, the success ops, else the failure ops. */
    TxnAnswer txn(List<Object> compares, List<Object> success, List<Object> failure) {
        Map<String, Object> body = obj("compare", compares);
        body.put("success", success);
        body.put("failure", failure);
        String answer;
        try {
            answer = post("/v3/kv/txn", Json.write(body), true);
        } catch (DatastoreException.Unavailable e) {
            if (String.valueOf(e.getMessage()).contains("too many operations in txn request")) {
                throw new DatastoreException.TooLarge("etcd refused a transaction of " + Math.max(compares.size(), Math.max(success.size(), failure.size()))
                        + " operations: its --max-txn-ops is lower than " + MAX_TXN_OPS + " (etcd's default); nothing was written");
            }
            // etcd's own limit, or (beyond 2 MiB) its gRPC server's
            if (String.valueOf(e.getMessage()).matches("(?s).*(request is too large|received message larger than max).*")) {
                throw new DatastoreException.TooLarge("etcd refused a transaction of " + payloadBytes(success) / 1024
                        + " KiB: more than its --max-request-bytes (1.5 MiB by default); nothing was written");
            }
            throw e;
        }
        Map<String, Object> r = Json.parseObject(answer);
        long rev = 0;
        if (r.get("header") instanceof Map<?, ?> h && h.get("revision") != null) rev = Long.parseLong(h.get("revision").toString());
        return new TxnAnswer(Boolean.TRUE.equals(r.get("succeeded")), rev, r.get("responses") instanceof List<?> l ? l : List.of());
    }

    @Override public KeyValue create(String key, String value) {
        TxnAnswer r = txn(List.of(absent(key)), List.of(put(key, value)), List.of());
        if (!r.succeeded()) throw new DatastoreException.AlreadyExists("key already exists: " + key);
        return new KeyValue(key, value, r.revision());
    }

    /** See {@link EtcdBulkCreate}. */
    @Override public void createAll(Map<String, String> entries) { new EtcdBulkCreate(this).createAll(entries); }

    @Override public KeyValue update(String key, String value, long revision) {
        TxnAnswer r = txn(List.of(modIs(key, revision)), List.of(put(key, value)), List.of(countOp(key)));
        if (r.succeeded()) return new KeyValue(key, value, r.revision());
        if (!r.found(0)) throw new DatastoreException.NotFound("key does not exist: " + key);
        throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date");
    }

    @Override public void delete(String key, long revision) {
        Object cmp = revision == 0 ? exists(key) : modIs(key, revision);
        TxnAnswer r = txn(List.of(cmp), List.of(deleteOp(key)), List.of(countOp(key)));
        if (r.succeeded()) return;
        if (!r.found(0)) throw new DatastoreException.NotFound("key does not exist: " + key);
        throw new DatastoreException.Conflict("key " + key + " changed: revision " + revision + " is out of date");
    }

    /**
     * One transaction of ranges without compares: every range at one revision. More reads than one
     * transaction holds go in several, the later ones pinned to the first one's revision, so the
     * batch is still one snapshot.
     */
    @Override public List<List<KeyValue>> read(List<Read> reads) {
        if (reads.size() == 1) {
            Read r = reads.get(0);
            return List.of(r.prefix() ? list(r.key()) : get(r.key()).map(List::of).orElse(List.of()));
        }
        return atOneRevision(() -> readOnce(reads));
    }

    private List<List<KeyValue>> readOnce(List<Read> reads) {
        List<List<KeyValue>> out = new ArrayList<>();
        long at = 0;
        for (int from = 0; from < reads.size(); from += MAX_TXN_OPS) {
            List<Object> ops = new ArrayList<>();
            for (Read r : reads.subList(from, Math.min(reads.size(), from + MAX_TXN_OPS))) {
                Map<String, Object> range = obj("key", b64(r.key()));
                if (r.prefix()) range.put("range_end", prefixEnd(r.key()));
                if (at > 0) range.put("revision", Long.toString(at));
                ops.add(obj("request_range", range));
            }
            TxnAnswer answer = txn(List.of(), ops, List.of());
            if (at == 0) at = answer.revision();
            for (Object o : answer.responses()) out.add(rangeItems(o));
        }
        return out;
    }

    /** The keys of one range response inside a transaction answer. */
    private static List<KeyValue> rangeItems(Object response) {
        List<KeyValue> kvs = new ArrayList<>();
        if (response instanceof Map<?, ?> m && m.get("response_range") instanceof Map<?, ?> rr && rr.get("kvs") instanceof List<?> items) {
            for (Object item : items) {
                Map<?, ?> kv = (Map<?, ?>) item;
                kvs.add(new KeyValue(unb64(String.valueOf(kv.get("key"))), kv.get("value") == null ? "" : unb64(String.valueOf(kv.get("value"))),
                        Long.parseLong(String.valueOf(kv.get("mod_revision")))));
            }
        }
        return kvs;
    }

    /** One etcd transaction holds {@value #MAX_TXN_OPS} writes (etcd's default --max-txn-ops). */
    @Override public int maxCommitWrites() { return MAX_TXN_OPS; }

    @Override public long commit(List<Write> writes) {
        if (writes.size() > MAX_TXN_OPS) {
            throw new DatastoreException.TooLarge("a commit of " + writes.size() + " writes is more than one etcd transaction holds ("
                    + MAX_TXN_OPS + ", etcd's default --max-txn-ops); nothing was written");
        }
        List<Object> cmp = new ArrayList<>(), ops = new ArrayList<>();
        for (Write w : writes) {
            cmp.add(w.revision() == 0 ? absent(w.key()) : modIs(w.key(), w.revision()));
            ops.add(w.value() == null ? deleteOp(w.key()) : put(w.key(), w.value()));
        }
        TxnAnswer r = txn(cmp, ops, List.of());
        if (!r.succeeded()) throw new DatastoreException.Conflict("some keys changed since they were read; nothing was written");
        return r.revision();
    }

    @Override public String describe() { return "etcd at " + String.join(",", endpoints); }

    /** Closes the connections kept open for the next request. */
    @Override public void close() { http.close(); }
}
