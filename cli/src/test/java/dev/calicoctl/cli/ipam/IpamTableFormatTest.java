package dev.calicoctl.cli.ipam;

import dev.calicoctl.cli.output.BoxTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ipam show tables: go-pretty's default box and Go's %.5g / %.f number formats (calicoctl.md §3.1). */
class IpamTableFormatTest {
    @Test
    void countsAsGoPrintsPercentFiveG() {
        assertThat(GoNumbers.g5(64)).isEqualTo("64");
        assertThat(GoNumbers.g5(65536)).isEqualTo("65536");
        assertThat(GoNumbers.g5(100000)).isEqualTo("1e+05");
        assertThat(GoNumbers.g5(1048576)).isEqualTo("1.0486e+06");
        assertThat(GoNumbers.g5(16777216)).isEqualTo("1.6777e+07");
        // exactly half way: Go rounds to even
        assertThat(GoNumbers.g5(1234450)).isEqualTo("1.2344e+06");
        assertThat(GoNumbers.g5(1234550)).isEqualTo("1.2346e+06");
        assertThat(GoNumbers.pct(5, 8)).isEqualTo("5 (62%)");
        assertThat(GoNumbers.pct(3, 8)).isEqualTo("3 (38%)");
    }

    static String render(BoxTable t) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.print(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void boxWithLeftHeadersAndRightAlignedNumbers() {
        BoxTable t = new BoxTable(List.of("GROUPING", "CIDR", "IPS TOTAL"), 2);
        t.add(List.of("IP Pool", "10.0.0.0/8", "1.6777e+07"));
        t.add(List.of("Block", "10.0.0.0/26", "64"));
        assertThat(render(t)).isEqualTo("""
                +----------+-------------+------------+
                | GROUPING | CIDR        | IPS TOTAL  |
                +----------+-------------+------------+
                | IP Pool  | 10.0.0.0/8  | 1.6777e+07 |
                | Block    | 10.0.0.0/26 |         64 |
                +----------+-------------+------------+
                """);
        BoxTable wide = new BoxTable(List.of("IP", "BORROWING-NODE"));
        wide.add(List.of("10.0.0.1", "节点\tb"));
        assertThat(render(wide)).isEqualTo("""
                +----------+----------------+
                | IP       | BORROWING-NODE |
                +----------+----------------+
                | 10.0.0.1 | 节点    b      |
                +----------+----------------+
                """);
        assertThat(render(new BoxTable(List.of("PROPERTY", "VALUE")))).isEqualTo("""
                +----------+-------+
                | PROPERTY | VALUE |
                +----------+-------+
                +----------+-------+
                """);
    }
}
