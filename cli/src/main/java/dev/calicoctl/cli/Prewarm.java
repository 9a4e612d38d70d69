package dev.calicoctl.cli;

import java.util.Map;

/**
 * Start-up: one-time initialisation the command will need anyway, begun on other threads while
 * the main thread builds the command tree and parses arguments (the machine has a second core).
 * Two threads (three for the embedded store's commands that read with Jackson, such as `ipam show`),
 * because their results are needed at about the same moment: the datastore client
 * (SQLite's native library and driver configuration, whose date format needs the JDK's calendar
 * and locale set-up; or the etcd client's HTTP code) and the codecs (Jackson's parser when the
 * command reads with it, whose first use initialises {@code java.math.BigDecimal}, ~15 ms on
 * Java 25; the kind registry; the YAML writer). A third thread for the date-format data measured slower on two busy cores; the
 * codec thread builds the JDK's calendar first instead (the codecs are needed after the store opens).
 * Only initialisation happens here: no connection is made, nothing printed, no datastore file
 * opened (SQLite's native library is loaded, from the launcher's directory; run without the
 * launcher, the driver may first extract it into the temporary directory).
 * Everything touched is safe to initialise from any thread (static holders, JVM class-init locks).
 */
final class Prewarm {
    private Prewarm() {}

    enum Store { LOCAL, ETCD, NONE }

    /** An IPPool as the datastore holds it. */
    private static final String SAMPLE_POOL = "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"prewarm\","
            + "\"uid\":\"00000000-0000-0000-0000-000000000000\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"cidr\":\"10.0.0.0/24\","
            + "\"vxlanMode\":\"Never\",\"ipipMode\":\"Never\",\"blockSize\":26,\"nodeSelector\":\"all()\",\"allowedUses\":[\"Workload\",\"Tunnel\"],"
            + "\"assignmentMode\":\"Automatic\"}}";

    static void start(String[] args, Map<String, String> env) {
        if (!needsDatastore(args)) return;
        Store store = store(env);
        if (store != Store.NONE) thread("prewarm-store", () -> {
            if (store == Store.LOCAL) dev.calicoctl.datastore.local.LocalDatastore.prewarm();
            else httpClient();
            Trace.mark("prewarm: datastore client ready");
        });
        java.util.List<String> words = Cli.commandWords(args);
        String first = words.isEmpty() ? null : words.get(0);
        boolean version = "version".equals(first);
        // get, version and ipam show on the embedded store or etcd read stored resources, etcd's
        // answers and a small store's blocks with model/QuickJson alone: Jackson's parser (whose first
        // use initialises BigDecimal, ~15 ms of CPU) would be warmed for nothing; a big store's blocks
        // (read on for a second or more) and input files are read with it
        boolean ipamShow = "ipam".equals(first) && words.size() > 1 && words.get(1).equals("show");
        boolean jackson = !(store != Store.NONE && (version || "get".equals(first) || ipamShow));
        boolean yaml = !(version || "ipam".equals(first));
        // on the embedded store the codec thread builds the calendar first, for SQLite's driver; the
        // blocks `ipam show` reads need Jackson's parser about as soon, so it gets a thread of its own
        boolean jacksonAlone = jackson && store == Store.LOCAL;
        if (jacksonAlone) thread("prewarm-json", Prewarm::jsonParser);
        thread("prewarm-codec", () -> {
            if (version) BuildInfo.gitCommit(); // read from our jar: printed once the datastore has answered
            // the JDK's calendar for the default time zone and locale, which the SQLite driver's date
            // format builds: done here first, the codecs are needed later than the store
            if (store == Store.LOCAL) {
                java.util.Calendar.getInstance();
                Trace.mark("prewarm: calendar ready");
            }
            if (jackson && !jacksonAlone) jsonParser();
            // one stored resource through the decoder and its canonical form (and the YAML writer, for
            // get): the kind registry and schemas initialised, the code paths linked before the command's hundreds
            dev.calicoctl.model.Resource sample = dev.calicoctl.model.ResourceCodec.fromStoredJson(
                    dev.calicoctl.model.Kinds.byName("IPPool"), SAMPLE_POOL);
            if (yaml) dev.calicoctl.model.Yaml.write(sample.canonical());
            else sample.canonical();
            Trace.mark("prewarm: kinds, decoder and YAML writer ready");
        });
    }

    private static void jsonParser() {
        dev.calicoctl.model.Json.parse("{\"a\":[1]}");
        Trace.mark("prewarm: JSON parser ready");
    }

    private static void thread(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (RuntimeException | LinkageError ignored) {
                // the command's own use reports whatever is wrong
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Commands that never open a datastore: help, validate, `version --client`, nothing at all. */
    static boolean needsDatastore(String[] args) {
        String first = Cli.firstCommand(args);
        if (first == null || first.equals("validate") || first.equals("help") || first.equals("__complete")) return false;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) return false;
            if (first.equals("version") && (a.equals("--client") || a.equals("--client=true"))) return false;
        }
        return true;
    }

    /** The datastore the environment points at (a config file may say otherwise: then the prewarm is wasted, not wrong). */
    static Store store(Map<String, String> env) {
        String type = value(env, "DATASTORE_TYPE");
        if (type == null) {
            if (value(env, "ETCD_ENDPOINTS") != null) return Store.ETCD;
            if (value(env, "KUBECONFIG") != null || value(env, "K8S_API_ENDPOINT") != null) return Store.NONE;
            return Store.LOCAL;
        }
        if (type.equalsIgnoreCase("local")) return Store.LOCAL;
        if (type.equalsIgnoreCase("etcdv3")) return Store.ETCD;
        return Store.NONE;
    }

    /** CALICO_X before X, as the configuration is read; empty means unset. */
    private static String value(Map<String, String> env, String name) {
        String v = env.get("CALICO_" + name);
        if (v == null || v.isEmpty()) v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * The etcd client's HTTP code (our own over java.net.Socket: no JDK HTTP client, proxy selection
     * or logging set-up), loaded and linked without connecting anywhere.
     */
    private static void httpClient() {
        dev.calicoctl.datastore.etcd.EtcdDatastore.prewarm();
    }
}
