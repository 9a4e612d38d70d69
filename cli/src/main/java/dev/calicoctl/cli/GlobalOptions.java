package dev.calicoctl.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** calicoctl's global flags; inherited so they work before or after the subcommand. */
public final class GlobalOptions {
    @Option(names = {"-l", "--log-level"}, scope = ScopeType.INHERIT, paramLabel = "<level>", defaultValue = "panic",
            description = "Set the log level (one of panic, fatal, error, warn, info, debug). A stack trace accompanies errors only at debug.")
    public String logLevel;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "<context>",
            description = "The name of the kubeconfig context to use.")
    public String context;

    @Option(names = "--allow-version-mismatch", scope = ScopeType.INHERIT,
            description = "Allow client and cluster versions mismatch.")
    public boolean allowVersionMismatch;

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "<config>", defaultValue = ClientConfig.DEFAULT_CONFIG_PATH,
            description = "Path to the file containing connection configuration in YAML or JSON format. Default: ${DEFAULT-VALUE}")
    public String config;
}
