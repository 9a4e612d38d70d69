package dev.calicoctl.cli;


import java.util.ArrayList;
import java.util.List;

public final class DeleteCommand extends BaseCommand {
    final FileOptions files = new FileOptions();
    boolean skipNotExists;
    List<String> args = new ArrayList<>();

    @Override protected void define(Def d) {
        d.describe("Delete a resource by file, directory, stdin, or type and name.")
                .footer("", "Examples:", "  calicoctl delete ippool internal-pool", "  calicoctl delete -f ./pools.yaml");
        files.define(d);
        d.flag("-s,--skip-not-exists", "Skip over resources that do not exist.", v -> skipNotExists = v);
        d.positionals("KIND [NAME...]", v -> args = v);
    }

    @Override protected int run(Session s) {
        CrudRunner.Request req = new CrudRunner.Request();
        req.files = files;
        req.skipNotExists = skipNotExists;
        if (files.filename == null) {
            if (args.isEmpty()) throw new CliException("no resources specified");
            req.kind = args.get(0);
            req.names = args.subList(1, args.size());
            if (req.names.isEmpty()) throw new CliException("resource name may not be empty");
        } else if (!args.isEmpty()) {
            throw new CliException("cannot specify both a file (-f) and KIND NAME arguments");
        }
        return CrudReport.delete(CrudRunner.execute(s, req, CrudRunner.Action.DELETE), io().out());
    }
}
