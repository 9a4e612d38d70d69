package dev.calicoctl.cli.output;

import dev.calicoctl.cli.CliException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Template formats over plain data trees, as a command printing data (not resources) uses them. */
class TemplatePrinterTest {
    static final Map<String, Object> SHOW = Map.of("pools", List.of(
            Map.of("cidr", "172.16.0.0/26", "inUse", 3L, "capacity", 64L),
            Map.of("cidr", "192.169.0.0/24", "inUse", 0L, "capacity", 256L)));

    static String render(String output, Object tree) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TemplatePrinter.forOutput(output).print(tree, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void otherFormatsAreNotTemplates() {
        assertThat(TemplatePrinter.forOutput(null)).isNull();
        assertThat(TemplatePrinter.forOutput("json")).isNull();
        assertThat(TemplatePrinter.forOutput("custom-columns=NAME")).isNull();
    }

    @Test
    void rendersDataTrees() {
        assertThat(render("go-template={{range .pools}}{{.cidr}} {{.inUse}}/{{.capacity}}\n{{end}}", SHOW))
                .isEqualTo("172.16.0.0/26 3/64\n192.169.0.0/24 0/256\n");
        assertThat(render("jsonpath={.pools[?(@.inUse>0)].cidr}", SHOW)).isEqualTo("172.16.0.0/26");
    }

    @Test
    void aBadTemplateFailsBeforeAnyWork() {
        assertThatThrownBy(() -> TemplatePrinter.forOutput("go-template={{if}}")).isInstanceOf(CliException.class)
                .hasMessage("template: get:1: missing value for if");
        // config needs the cluster: data printers do not offer it
        assertThatThrownBy(() -> TemplatePrinter.forOutput("go-template={{config \"asnumber\"}}")).isInstanceOf(CliException.class)
                .hasMessage("template: get:1: function \"config\" not defined");
        assertThatThrownBy(() -> TemplatePrinter.forOutput("jsonpath={.a[")).isInstanceOf(CliException.class)
                .hasMessage("error parsing jsonpath {.a[, unterminated array at column 4");
    }
}
