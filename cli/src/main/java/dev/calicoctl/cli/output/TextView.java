package dev.calicoctl.cli.output;

import java.io.PrintStream;

/**
 * A view model with a human form only: `ipam check`, whose -o names a report file (calicoctl's
 * flag), prints its findings as calicoctl's text and offers no data format on stdout.
 */
public interface TextView {
    /** The human form: calicoctl's text and tables, byte for byte where calicoctl has the command. */
    void writeText(PrintStream out);
}
