package dev.calicoctl.cli;

import dev.calicoctl.cli.output.ResourcePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "get", description = "Get a resource by file, directory, stdin, or type and name.",
        footer = {"", "Examples:", "  calicoctl get ippools -o wide", "  calicoctl get ippool external-pool -o yaml"})
public final class GetCommand extends BaseCommand {
    @Mixin FileOptions files;

    @Option(names = {"-o", "--output"}, paramLabel = "<output>", defaultValue = "ps",
            description = "Output format: yaml, json, ps, wide, custom-columns=... Default: ${DEFAULT-VALUE}")
    String output;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the requested object(s) across all namespaces.")
    boolean allNamespaces;

    @Option(names = "-a", hidden = true, description = "Alias for --all-namespaces.")
    boolean allNamespacesAlias;

    @Option(names = "--export", description = "Strip cluster-specific information from the output.")
    boolean export;

    @Parameters(arity = "0..*", paramLabel = "KIND [NAME...]")
    List<String> args = new ArrayList<>();

    @Override protected int run(Session s) {
        boolean allNs = allNamespaces || allNamespacesAlias;
        ResourcePrinter printer = ResourcePrinter.forOutput(output, allNs || files.namespace != null);
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        req.allNamespaces = allNs;
        req.export = export;
        if (files.filename == null) {
            if (args.isEmpty()) throw new CliException("no resources specified");
            req.kind = args.get(0);
            req.names = args.subList(1, args.size());
        }
        CrudRunner.Results r = CrudRunner.execute(s, req, CrudRunner.Action.GET);
        if (r.fileInvalid) throw new CliException("failed to execute command: " + r.err.getMessage(), r.err);
        if (r.err != null) throw new CliException("failed to get resources: " + r.err.getMessage(), r.err);
        if (!r.printed.isEmpty()) printer.print(r.printed, io().out());
        if (!r.resErrs.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Exception e : r.resErrs) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(e.getMessage());
            }
            throw new CliException(sb.toString(), r.resErrs.get(0));
        }
        return ExitCodes.OK;
    }
}
