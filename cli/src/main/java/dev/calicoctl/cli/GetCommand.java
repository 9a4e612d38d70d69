package dev.calicoctl.cli;

import dev.calicoctl.cli.output.ResourcePrinter;
import dev.calicoctl.model.Kinds;
import dev.calicoctl.model.TableContext;

import java.util.ArrayList;
import java.util.List;

public final class GetCommand extends BaseCommand {
    final FileOptions files = new FileOptions();
    String output = "ps";
    boolean allNamespaces;
    boolean allNamespacesAlias;
    boolean export;
    List<String> args = new ArrayList<>();

    @Override protected void define(Def d) {
        d.describe("Get a resource by file, directory, stdin, or type and name.")
                .footer("", "Examples:", "  calicoctl get ippools -o wide", "  calicoctl get ippool external-pool -o yaml");
        files.define(d);
        d.option("-o,--output", "<output>", null, "Output format: yaml, json, ps, wide, custom-columns=..., go-template=..., go-template-file=..., jsonpath=..., jsonpath-file=... Default: ps", v -> output = v);
        d.flag("-A,--all-namespaces", "List the requested object(s) across all namespaces.", v -> allNamespaces = v);
        d.flag("-a", "Alias for --all-namespaces.", true, false, v -> allNamespacesAlias = v);
        d.flag("--export", "Strip cluster-specific information from the output.", v -> export = v);
        d.positionals("KIND [NAME...]", v -> args = v);
    }

    @Override protected String versionErrorPrefix() { return "failed to get resources: "; }

    @Override protected int run(Session s) {
        boolean allNs = allNamespaces || allNamespacesAlias;
        ResourcePrinter printer = ResourcePrinter.forOutput(output, allNs || files.namespace != null,
                TableContext.reading(() -> s.resources().find(Kinds.byName("BGPConfiguration"), null, "default")));
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
        CrudReport.getFailed(r);
        Trace.mark("resources read");
        // as upstream, the printer runs even with no results: YAML/JSON then print null, tables nothing
        printer.print(r.printed, io().out());
        Trace.mark("printed");
        return CrudReport.got(r);
    }
}
