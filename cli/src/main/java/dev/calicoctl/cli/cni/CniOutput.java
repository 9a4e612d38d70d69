package dev.calicoctl.cli.cni;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON this plugin prints, built with Jackson's generator and indented as the CNI library's
 * PrintResult does (four spaces): the IPAM result in the shape of the caller's cniVersion, the
 * error result, and the VERSION answer.
 */
final class CniOutput {
    private CniOutput() {}

    /** Every version this plugin speaks, oldest first. */
    static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");

    /** One address of the result: the address in CIDR form and the route that goes with it. */
    record Ip(int version, String address, String route) {}

    private interface Body { void write(JsonGenerator g) throws IOException; }

    private static String json(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = dev.calicoctl.model.Json.generator(w, false)) { // Go's escapes, as the CNI library's json encoder
            DefaultIndenter four = new DefaultIndenter("    ", "\n");
            Separators seps = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator("");
            g.setPrettyPrinter(new DefaultPrettyPrinter(seps).withObjectIndenter(four).withArrayIndenter(four));
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * An IPAM plugin's abbreviated ADD result (no interfaces): for 0.3.x/0.4.0 each IP carries
     * its "version", from 1.0.0 on it does not.
     */
    static String result(String cniVersion, List<Ip> ips) {
        boolean withVersion = cniVersion.startsWith("0.");
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("cniVersion", cniVersion);
            if (!ips.isEmpty()) {
                g.writeArrayFieldStart("ips");
                for (Ip ip : ips) {
                    g.writeStartObject();
                    if (withVersion) g.writeStringField("version", Integer.toString(ip.version()));
                    g.writeStringField("address", ip.address());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("routes");
                for (Ip ip : ips) {
                    g.writeStartObject();
                    g.writeStringField("dst", ip.route());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("dns");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static String error(String cniVersion, CniError e) {
        return json(g -> {
            g.writeStartObject();
            if (cniVersion != null) g.writeStringField("cniVersion", cniVersion);
            g.writeNumberField("code", e.code());
            g.writeStringField("msg", e.getMessage());
            if (e.details() != null) g.writeStringField("details", e.details());
            g.writeEndObject();
        });
    }

    static String version(String cniVersion) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("cniVersion", cniVersion);
            g.writeArrayFieldStart("supportedVersions");
            for (String v : SUPPORTED) g.writeString(v);
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
