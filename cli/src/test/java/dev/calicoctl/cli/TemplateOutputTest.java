package dev.calicoctl.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** -o go-template=, go-template-file=, jsonpath=, jsonpath-file= through `get`, on the seed article's pools. */
class TemplateOutputTest {
    @TempDir Path dir;
    CliRunner cli;

    @BeforeEach void seed() throws Exception {
        cli = new CliRunner(dir);
        Path pools = dir.resolve("pools.yaml");
        Files.writeString(pools, CrudCommandsTest.SEED);
        assertThat(cli.run("apply", "-f", pools.toString()).rc()).isZero();
    }

    @Test
    void goTemplateRangesOverTheListItems() {
        CliRunner.Result r = cli.run("get", "ippools", "-o", "go-template={{range .items}}{{.metadata.name}}={{.spec.blockSize}};{{end}}");
        assertThat(r.err()).isEmpty();
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("external-pool=29;internal-pool=29;");
    }

    @Test
    void goTemplateSeesOneNamedResourceAsItself() {
        CliRunner.Result r = cli.run("get", "ippool", "external-pool", "-o",
                "go-template={{.kind}} {{.metadata.name}} {{.spec.cidr}} {{.spec.natOutgoing}} {{.spec.missing}}{{\"\\n\"}}");
        assertThat(r.out()).isEqualTo("IPPool external-pool 172.16.0.0/26 true <no value>\n");
        assertThat(cli.run("get", "ippools", "-o", "go-template={{.kind}} {{len .items}}").out()).isEqualTo("IPPoolList 2");
    }

    @Test
    void goTemplateFileIsReadFromDisk() throws Exception {
        Path t = dir.resolve("t.tmpl");
        Files.writeString(t, "{{range $i, $p := .items -}}\n{{$i}} {{printf \"%-15s|%4d\" $p.metadata.name $p.spec.blockSize}}\n{{end}}");
        CliRunner.Result r = cli.run("get", "ippools", "-o", "go-template-file=" + t);
        assertThat(r.out()).isEqualTo("0 external-pool  |  29\n1 internal-pool  |  29\n");
    }

    @Test
    void goTemplateErrorsNamePositionFailAndPrintNothing() {
        CliRunner.Result exec = cli.run("get", "ippools", "-o", "go-template=x{{range .items}}{{.metadata.name}}{{.spec.cidr.x}}{{end}}");
        assertThat(exec.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(exec.out()).isEmpty(); // the first pool's name was rendered, but nothing is half-written
        assertThat(exec.err()).isEqualTo("template: get:1:42: executing \"get\" at <.spec.cidr.x>: can't evaluate field x in type interface {}\n");

        CliRunner.Result parse = cli.run("get", "ippools", "-o", "go-template={{range .items}}");
        assertThat(parse.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(parse.err()).isEqualTo("template: get:1: unexpected EOF\n");

        assertThat(cli.run("get", "ippools", "-o", "go-template=").err()).isEqualTo("need to specify a template\n");
        assertThat(cli.run("get", "ippools", "-o", "go-template-file=").err()).isEqualTo("need to specify a template file\n");
        Path missing = dir.resolve("nope.tmpl");
        assertThat(cli.run("get", "ippools", "-o", "go-template-file=" + missing).err())
                .isEqualTo("open " + missing + ": no such file or directory\n");
    }

    @Test
    void jsonPathPrintsBothPoolNames() {
        CliRunner.Result r = cli.run("get", "ippools", "-o", "jsonpath={.items[*].metadata.name}");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).isEqualTo("external-pool internal-pool");
    }

    @Test
    void jsonPathRangesFiltersAndReadsFiles() throws Exception {
        assertThat(cli.run("get", "ippools", "-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.spec.cidr}{\"\\n\"}{end}").out())
                .isEqualTo("external-pool\t172.16.0.0/26\ninternal-pool\t192.169.0.0/24\n");
        assertThat(cli.run("get", "ippools", "-o", "jsonpath={.items[?(@.spec.cidr==\"192.169.0.0/24\")].metadata.name}").out())
                .isEqualTo("internal-pool");
        Path t = dir.resolve("p.jsonpath");
        Files.writeString(t, "{.metadata.name}");
        assertThat(cli.run("get", "ippool", "internal-pool", "-o", "jsonpath-file=" + t).out()).isEqualTo("internal-pool");
    }

    @Test
    void jsonPathErrorsNameTheColumn() {
        CliRunner.Result r = cli.run("get", "ippools", "-o", "jsonpath={.items[*");
        assertThat(r.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error parsing jsonpath {.items[*, unterminated array at column 8\n");
        assertThat(cli.run("get", "ippools", "-o", "jsonpath=").err()).isEqualTo("template format specified but no template given\n");
    }

    @Test
    void severalKindsReachTheTemplateAsAList() throws Exception {
        Path both = dir.resolve("both.yaml");
        Files.writeString(both, """
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: external-pool
                ---
                apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata:
                  name: internal-pool
                """);
        assertThat(cli.run("get", "-f", both.toString(), "-o", "go-template={{range .}}{{.metadata.name}} {{end}}").out())
                .isEqualTo("external-pool internal-pool ");
    }

    @Test
    void configAsNumberComesFromTheClusterBgpConfiguration() throws Exception {
        String t = "go-template={{config \"asnumber\"}}";
        assertThat(cli.run("get", "ippools", "-o", t).out()).isEqualTo("64512");
        Path bgp = dir.resolve("bgp.yaml");
        Files.writeString(bgp, """
                apiVersion: projectcalico.org/v3
                kind: BGPConfiguration
                metadata:
                  name: default
                spec:
                  asNumber: 65001
                """);
        assertThat(cli.run("apply", "-f", bgp.toString()).rc()).isZero();
        assertThat(cli.run("get", "ippools", "-o", "go-template={{config \"ASNumber\"}}").out()).isEqualTo("65001");
        CliRunner.Result bad = cli.run("get", "ippools", "-o", "go-template={{config \"colour\"}}");
        assertThat(bad.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).isEqualTo("template: get:1:2: executing \"get\" at <config \"colour\">: error calling config: unhandled config type\n");
    }

    @Test
    void ipamShowAndAuditPrintTheirDataThroughTemplates() {
        CliRunner.Result a = cli.run("ipam", "assign", "--node=node-0", "--namespace", "external-ns", "--pod", "nginx-1",
                "--ipv4-pools", "external-pool");
        assertThat(a.rc()).isZero();
        String ip = a.out().strip();

        CliRunner.Result show = cli.run("ipam", "show", "-o", "go-template={{range .pools}}{{.name}} {{.inUse}}/{{.capacity}}\n{{end}}");
        assertThat(show.err()).isEmpty();
        assertThat(show.out()).isEqualTo("external-pool 1/64\ninternal-pool 0/256\n");
        assertThat(cli.run("ipam", "show", "-o", "jsonpath={.pools[?(@.inUse>0)].name}").out()).isEqualTo("external-pool");

        assertThat(cli.run("ipam", "release", "--ip", ip).rc()).isZero();
        assertThat(cli.run("ipam", "audit", "-o", "jsonpath={range .[*]}{.addresses[*]}{\"\\n\"}{end}").out()).isEqualTo(ip + "\n");

        CliRunner.Result bad = cli.run("ipam", "show", "-o", "go-template={{range .pools}}");
        assertThat(bad.rc()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).isEqualTo("template: get:1: unexpected EOF\n");
    }
}
