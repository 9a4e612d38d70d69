package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.BaseCommand;
import dev.calicoctl.cli.CliException;
import dev.calicoctl.cli.Def;
import dev.calicoctl.cli.ExitCodes;
import dev.calicoctl.cli.Session;
import dev.calicoctl.cli.audit.AuditLog;
import dev.calicoctl.cli.output.Table;
import dev.calicoctl.cli.output.DataFormats;
import dev.calicoctl.cli.output.DataPrinter;
import dev.calicoctl.cli.output.View;
import dev.calicoctl.model.IpAddress;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `ipam audit` (calicoctl for Java): lists and filters the release audit log. Reads no datastore. */
public final class IpamAuditCommand extends BaseCommand {
    String since;
    String ip;
    String handle;
    String output;

    @Override protected void define(Def d) {
        d.describe("List the release audit log (calicoctl for Java addition).",
                "Every real ipam release appends one JSON line to ${XDG_STATE_HOME:-~/.local/state}/calicoctl/audit.log;",
                "this lists those entries, oldest first, filtered by time, address or handle.")
                .footer("", "Examples:", "  calicoctl ipam audit --since 24h", "  calicoctl ipam audit --ip 172.16.0.48 -o json");
        d.option("--since", "<when>", null, "Only entries at or after this time: a duration back from now (90m, 2h, 7d) or an RFC 3339 time or date.", v -> since = v);
        d.option("--ip", "<IP>", null, "Only entries that released this address.", v -> ip = v);
        d.option("--handle", "<handle>", null, "Only entries that released this handle.", v -> handle = v);
        d.option("-o,--output", "<format>", null, "Output format: json, yaml, go-template=..., go-template-file=..., jsonpath=... or jsonpath-file=... (default: a table).", v -> output = v);
    }

    @Override protected boolean checksVersion() { return false; } // reads only the audit log, no datastore

    @Override protected int run(Session s) {
        DataPrinter printer = DataFormats.TEXT_JSON_YAML_TEMPLATES.printer(output);
        Instant from = since == null ? null : parseSince(since, Instant.now());
        IpAddress wantIp = ip == null ? null : IpamShowCommand.parseIp(ip);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> e : AuditLog.read(io())) {
            if (from != null && instant(e).isBefore(from)) continue;
            if (wantIp != null && !strings(e.get("addresses")).stream().anyMatch(a -> wantIp.equals(IpAddress.tryParse(a)))) continue;
            if (handle != null && !strings(e.get("handles")).contains(handle)) continue;
            kept.add(e);
        }
        printer.print(new Entries(kept), io().out());
        return ExitCodes.OK;
    }

    /** The entries kept: as a table (tabwriter, as `get`), or as the log's own objects for json, yaml and templates. */
    private record Entries(List<Map<String, Object>> kept) implements View {
        @Override public Object tree() { return kept; }

        @Override public void writeText(PrintStream out) {
            Table t = new Table(List.of("TIME", "USER", "HOST", "COMMAND", "ADDRESSES", "HANDLES", "RESULT"));
            for (Map<String, Object> e : kept) {
                t.add(List.of(str(e.get("time")), str(e.get("user")), str(e.get("host")), str(e.get("command")),
                        abbreviate(strings(e.get("addresses"))), abbreviate(strings(e.get("handles"))), str(e.get("result"))));
            }
            t.print(out);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

    /** 90m, 2h, 7d (back from now), or 2026-12-01T10:00:00Z, or 2026-12-01 (midnight UTC). */
    static Instant parseSince(String text, Instant now) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new CliException("invalid --since '" + text + "': expected a duration (90m, 2h, 7d), an RFC 3339 time or a date (2026-12-01)");
            }
        }
    }

    private static Instant instant(Map<String, Object> e) {
        try {
            return Instant.parse(str(e.get("time")));
        } catch (DateTimeParseException ex) {
            return Instant.EPOCH;
        }
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }

    private static String str(Object o) { return o == null ? "" : o.toString(); }

    /** The first three, then "+N more": a table row stays one line. */
    private static String abbreviate(List<String> l) {
        if (l.isEmpty()) return "-";
        if (l.size() <= 3) return String.join(",", l);
        return String.join(",", l.subList(0, 3)) + ",+" + (l.size() - 3) + " more";
    }
}
