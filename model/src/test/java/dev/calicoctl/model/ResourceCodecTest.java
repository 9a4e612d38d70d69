package dev.calicoctl.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceCodecTest {
    static final String POOL = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: %s\nspec:\n  cidr: %s\n";

    static List<Resource> decode(String text) {
        return ResourceCodec.decode(text.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    @Test
    void multiDocumentYamlWithEmptyDocuments() {
        String text = "---\n" + POOL.formatted("a", "10.0.0.0/16") + "---\n---\n# only a comment\n---\n" + POOL.formatted("b", "10.1.0.0/16");
        List<Resource> rs = decode(text);
        assertThat(rs).extracting(Resource::name).containsExactly("a", "b");
        assertThat(rs.get(0).kind()).isSameAs(Kinds.IP_POOL);
    }

    @Test
    void jsonObjectAndBareList() {
        String json = "[{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"cidr\":\"10.0.0.0/16\"}},"
                + "{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPReservation\",\"metadata\":{\"name\":\"r\"},\"spec\":{\"reservedCIDRs\":[\"10.0.0.1\"]}}]";
        assertThat(decode(json)).extracting(r -> r.kind().name()).containsExactly("IPPool", "IPReservation");
    }

    @Test
    void kindListAndGenericList() {
        String typed = "apiVersion: projectcalico.org/v3\nkind: IPPoolList\nitems:\n- metadata: {name: a}\n  spec: {cidr: 10.0.0.0/16}\n- metadata: {name: b}\n  spec: {cidr: 10.1.0.0/16}\n";
        assertThat(decode(typed)).extracting(Resource::name).containsExactly("a", "b");
        String generic = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: projectcalico.org/v3\n  kind: IPPool\n  metadata: {name: a}\n  spec: {cidr: 10.0.0.0/16}\n";
        assertThat(decode(generic)).extracting(Resource::name).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown field|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: x\\nspec:\\n  cidr: 10.0.0.0/16\\n  colour: blue\\n|line 7: unknown field \"spec.colour\"",
            "unknown kind|apiVersion: projectcalico.org/v3\\nkind: NoSuchKind\\nmetadata:\\n  name: x\\n|unknown resource type (NoSuchKind) and/or version (projectcalico.org/v3)",
            "wrong apiVersion|apiVersion: projectcalico.org/v1\\nkind: IPPool\\nmetadata:\\n  name: x\\n|unknown resource type (IPPool) and/or version (projectcalico.org/v1)",
            "missing kind|apiVersion: projectcalico.org/v3\\nmetadata:\\n  name: x\\n|Object 'Kind' is missing",
            "malformed|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: [unclosed\\nspec: {cidr: 10.8.0.0/16\\n|error parsing YAML: line",
            "wrong type|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: x\\nspec:\\n  cidr: 10.0.0.0/16\\n  blockSize: big\\n|line 7: field \"spec.blockSize\" must be an integer",
            "custom tag|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: !!javax.script.ScriptEngineManager x\\n|tag",
            "duplicate key|apiVersion: projectcalico.org/v3\\nkind: IPPool\\nkind: IPPool\\nmetadata:\\n  name: x\\n|duplicate",
            "scalar document|just a string\\n|expected a resource",
            "bad json|{\"kind\": \"IPPool\",, }|invalid JSON at line 1",
    })
    void rejectsBadInput(String what, String text, String message) {
        assertThatThrownBy(() -> decode(text.replace("\\n", "\n"))).isInstanceOf(CalicoException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aliasBombIsRefusedQuickly() {
        StringBuilder sb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        String prev = "a";
        for (int i = 1; i < 12; i++) {
            String cur = "l" + i;
            sb.append(cur).append(": &").append(cur).append(" [").append(("*" + prev + ",").repeat(9), 0, 9 * (prev.length() + 2) - 1).append("]\n");
            prev = cur;
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> decode(sb.toString())).isInstanceOf(CalicoException.class).hasMessageContaining("alias");
        assertThat(System.nanoTime() - t0).as("refused without expanding").isLessThan(5_000_000_000L);
    }

    @Test
    void aliasesWithinBudgetStillExpandBoundedly() {
        // 40 aliases, each doubling: within the alias count limit but 2^40 nodes: the expansion budget stops it.
        StringBuilder sb = new StringBuilder("l0: &l0 [x, x]\n");
        for (int i = 1; i <= 40; i++) sb.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append("]\n");
        for (int i = 1; i <= 9; i++) sb.append("m").append(i).append(": [*l40, *l40]\n");
        assertThatThrownBy(() -> decode(sb.toString())).isInstanceOf(CalicoException.class);
    }

    @Test
    void binaryAndOversizedInputRefused() {
        byte[] garbage = new byte[300];
        new java.util.Random(1).nextBytes(garbage);
        assertThatThrownBy(() -> ResourceCodec.decode(garbage, "bin")).isInstanceOf(CalicoException.class).hasMessageContaining("bin");
        byte[] big = new byte[ResourceCodec.MAX_INPUT_BYTES + 1];
        assertThatThrownBy(() -> ResourceCodec.decode(big, "big")).isInstanceOf(CalicoException.class).hasMessageContaining("limit");
    }

    @Test
    void emptyInputHasNoResources() {
        assertThat(decode("")).isEmpty();
        assertThat(decode("---\n# nothing\n")).isEmpty();
    }

    @Test
    void storedJsonUsesGoFieldOrderAndDropsEmptyFields() {
        Resource r = decode(POOL.formatted("a", "10.0.0.0/16") + "  natOutgoing: false\n  disabled: true\n").get(0);
        assertThat(ResourceCodec.toStoredJson(r)).isEqualTo(
                "{\"kind\":\"IPPool\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"cidr\":\"10.0.0.0/16\",\"disabled\":true}}");
    }

    @Test
    void yamlOutputSortsKeysAndQuotesLikeGoYaml() {
        Resource r = decode(POOL.formatted("a", "10.0.0.0/16") + "  nodeSelector: \"!has(edge)\"\n").get(0);
        r.setResourceVersion("12");
        r.setMeta("labels", new java.util.LinkedHashMap<>(java.util.Map.of("on", "yes", "b", "")));
        String y = Yaml.write(r.canonical());
        assertThat(y).isEqualTo("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  labels:\n    b: \"\"\n    \"on\": \"yes\"\n"
                + "  name: a\n  resourceVersion: \"12\"\nspec:\n  cidr: 10.0.0.0/16\n  nodeSelector: '!has(edge)'\n");
        // and what we write reads back to the same tree
        assertThat(decode(y).get(0).canonical()).isEqualTo(r.canonical());
    }
}
