package dev.calicoctl.cli;

/** calicoctl's global flags; inherited so they work before or after the subcommand. */
public final class GlobalOptions {
    public String logLevel = "panic";
    public String context;
    public boolean allowVersionMismatch;
    /** The config file named with -c, or null: the default path, read only when it exists. */
    public String config;

    void define(Def d) {
        d.option("-l,--log-level", "<level>", null, "Set the log level (one of panic, fatal, error, warn, info, debug). A stack trace accompanies errors only at debug.",
                false, true, v -> logLevel = v);
        d.option("--context", "<context>", null, "The name of the kubeconfig context to use.", false, true, v -> context = v);
        d.flag("--allow-version-mismatch", "Allow client and cluster versions mismatch.", false, true, v -> allowVersionMismatch = v);
        d.option("-c,--config", "<config>", null, "Path to the file containing connection configuration in YAML or JSON format. Default: "
                + ClientConfig.DEFAULT_CONFIG_PATH, false, true, v -> config = v);
    }
}
