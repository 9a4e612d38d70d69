package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.VersionCommand;
import dev.calicoctl.datastore.ClusterInfo;
import dev.calicoctl.ipam.CheckReport;
import dev.calicoctl.ipam.CheckReportCodec;
import dev.calicoctl.ipam.Ipam;
import dev.calicoctl.ipam.IpamCheck;
import dev.calicoctl.model.Resource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.calicoctl.cli.term.Progress;

public final class IpamCheckCommand extends BaseCommand {
    boolean showAllIps;
    boolean showProblemIps;
    String output;
    String kubeconfig;
    String diff;

    @Override protected void define(Def d) {
        d.describe("Check the integrity of the IPAM datastructures.",
                "Beyond calicoctl's checks it verifies the IPAM data's own consistency: handle counts against",
                "allocations, affinities against blocks, allocations outside every pool.");
        d.flag("--show-all-ips", "Print all IPs that are checked.", v -> showAllIps = v);
        d.flag("--show-problem-ips", "Print all IPs that are leaked or not allocated properly.", v -> showProblemIps = v);
        d.option("-o,--output", "<file>", null, "Path to output report file.", v -> output = v);
        d.option("--diff", "<old-report>", null, "Also show what leaked, and what stopped leaking, since this earlier report (calicoctl for Java addition).", v -> diff = v);
        d.option("--kubeconfig", "<file>", null, "Path to Kubeconfig file (unused by the local and etcd datastores).", v -> kubeconfig = v);
    }

    @Override protected int run(Session s) {
        PrintStream out = io().out();
        Path temp = output == null ? null : reportTemp(Path.of(output));
        try {
            return check(s, out, temp);
        } finally {
            if (temp != null) try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* moved or best effort */ }
        }
    }

    private int check(Session s, PrintStream out, Path temp) {
        // a bad old report fails before the scan, not after minutes of it
        ReportDiff.Leaks old = diff == null ? null : ReportDiff.fromReport(Path.of(diff));
        CheckView.started(out);
        Resource ci = ClusterInfo.ensure(s.resources());
        Ipam ipam = new Ipam(s.datastore());
        IpamCheck c;
        try (Progress progress = Progress.start(io(), "ipam check: scanning blocks, handles, workloads and nodes", 0)) {
            c = IpamCheck.run(ipam);
        }
        dev.calicoctl.cli.Trace.mark("check computed " + c.phaseMillis);

        new CheckView(c, showAllIps, showProblemIps, old, diff).writeText(out);
        dev.calicoctl.cli.Trace.mark("check printed");
        if (output != null) {
            CheckReport report = CheckReport.of(c, VersionCommand.VERSION, String.valueOf(ci.spec().getOrDefault("clusterGUID", "")),
                    ClusterInfo.locked(ci), ci.resourceVersion(), String.valueOf(ci.spec().getOrDefault("clusterType", "")));
            writeReport(report, temp, Path.of(output));
            if (!ClusterInfo.locked(ci)) {
                // release --from-report needs a report made after the lock: locking changes the revision it records
                io().err().println("note: the datastore is not locked, so ipam release --from-report will call this report stale;"
                        + " lock it (calicoctl datastore migrate lock), run ipam check -o again, then release");
            }
        }
        dev.calicoctl.cli.Trace.mark("report written");
        return ExitCodes.OK;
    }

    /**
     * A private temporary file beside the report (created exclusively, mode 0600), made before the
     * scan so an unwritable path fails at once; renamed into place at the end, so a symlink or a
     * file planted at the path is replaced, never written through.
     */
    private static Path reportTemp(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException("cannot write report " + file + ": permission denied in " + dir);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("cannot write report " + file + ": no such directory " + dir);
        } catch (IOException e) {
            throw new CliException("cannot write report " + file + ": " + e.getMessage());
        }
    }

    private static void writeReport(CheckReport report, Path temp, Path file) {
        try {
            try (java.io.Writer w = Files.newBufferedWriter(temp)) {
                CheckReportCodec.write(report, w);
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* best effort */ }
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new CliException("cannot write report " + file + ": " + why);
        }
    }
}
