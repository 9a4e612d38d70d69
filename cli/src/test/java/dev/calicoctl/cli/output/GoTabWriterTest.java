package dev.calicoctl.cli.output;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's text/tabwriter as calicoctl configures it; expectations from calicoctl's system tests and Go's tabwriter rules. */
class GoTabWriterTest {
    @Test
    void calicoctlIppoolTableFromTheSystemTests() {
        Table t = new Table(List.of("NAME", "CIDR", "SELECTOR"));
        t.add(List.of("ippool-name1", "10.0.1.0/24", "foo == 'bar'"));
        assertThat(t.render()).isEqualTo("NAME           CIDR          SELECTOR       \nippool-name1   10.0.1.0/24   foo == 'bar'   \n");
    }

    @Test
    void wideTableFromTheSystemTests() {
        Table t = new Table(List.of("NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR", "ASSIGNMENTMODE"));
        t.add(List.of("ippool-name1", "10.0.1.0/24", "false", "Always", "Never", "false", "false", "foo == 'bar'", "Automatic"));
        assertThat(t.render()).isEqualTo(
                "NAME           CIDR          NAT     IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR       ASSIGNMENTMODE   \n"
                + "ippool-name1   10.0.1.0/24   false   Always     Never       false      false              foo == 'bar'   Automatic        \n");
    }

    @Test
    void minimumWidthIsFiveAndEmptyCellsArePadded() {
        Table t = new Table(List.of("A", "B"));
        t.add(List.of("", "x"));
        assertThat(t.render()).isEqualTo("A    B    \n     x    \n");
        assertThat(new Table(List.of("NAME")).render()).isEqualTo("NAME   \n");
    }

    @Test
    void widthsCountCodePoints() {
        Table t = new Table(List.of("NAME", "X"));
        t.add(List.of("héllo✓", "y"));
        assertThat(t.render()).isEqualTo("NAME     X    \nhéllo✓   y    \n");
    }

    @Test
    void aLineWithoutTabsEndsTheColumnBlocks() {
        String got = GoTabWriter.calicoctl().format("aaaaaaaa\tb\t\nplain line\nc\td\t\n");
        assertThat(got).isEqualTo("aaaaaaaa   b    \nplain line\nc    d    \n");
    }

    @Test
    void shorterLinesSplitTheBlockOfLaterColumns() {
        // column 1 exists on lines 1 and 3 only: two blocks, each with its own width
        String got = GoTabWriter.calicoctl().format("a\tlonger-cell\tz\nb\tz\nc\tx\ty\n");
        assertThat(got).isEqualTo("a    longer-cell   z\nb    z\nc    x    y\n");
    }
}
