package dev.calicoctl.cli.output.jsonpath;

import dev.calicoctl.model.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** kubectl's JSONPath examples (kubectl reference, "JSONPath support") with the outputs kubectl documents. */
class JsonPathTest {
    /** The document from kubectl's JSONPath reference page. */
    static final String DOC = """
            {"kind": "List",
             "items": [
               {"kind": "None", "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
                "status": {"capacity": {"cpu": "4"}, "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
               {"kind": "None", "metadata": {"name": "127.0.0.2"},
                "status": {"capacity": {"cpu": "8"}, "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                                                                 {"type": "another", "address": "127.0.0.3"}]}}],
             "users": [{"name": "myself", "user": {}}, {"name": "e2e", "user": {"username": "admin", "password": "secret"}}],
             "pools": [{"name": "a", "blockSize": 26, "ratio": 0.5, "nat": true, "nul": null},
                       {"name": "b", "blockSize": 29, "ratio": 1.5, "nat": false}]}
            """;

    static String run(String template) { return JsonPath.parse(template).execute(Json.parse(DOC)); }

    static Stream<Arguments> outputs() {
        return Stream.of(
                // the reference page's table
                arguments("{.kind}", "List"),
                arguments("{['kind']}", "List"),
                arguments("{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"),
                arguments("{..name}", "127.0.0.1 127.0.0.2 a b myself e2e"),
                arguments("{.items[-1:].metadata.name}", "127.0.0.2"),
                arguments("{.items[0,1].metadata.name}", "127.0.0.1 127.0.0.2"),
                arguments("{.users[?(@.name==\"e2e\")].user.password}", "secret"),
                arguments("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", "[127.0.0.1, {\"cpu\":\"4\"}] [127.0.0.2, {\"cpu\":\"8\"}] "),
                arguments("{range .items[*]}{.metadata.name}{\"\\t\"}{end}", "127.0.0.1\t127.0.0.2\t"),
                arguments("{.items[0].metadata}", "{\"labels\":{\"kubernetes.io/hostname\":\"127.0.0.1\"},\"name\":\"127.0.0.1\"}"),
                // literals, text around actions, $ and @
                arguments("names: {.items[*].metadata.name}{'\\n'}", "names: 127.0.0.1 127.0.0.2\n"),
                // literals unquoted as kubectl's UnquoteExtend (strconv's escapes: octal too; single quotes of any length)
                arguments("{'\\101\\x42\\u0043 ok'}", "ABC ok"),
                arguments("{$.kind} {@.kind}", "List List"),
                arguments("{.users[1]['name']}", "e2e"),
                arguments("{.items[0].metadata.labels.kubernetes\\.io/hostname}", "127.0.0.1"),
                // slices and steps
                arguments("{.items[0:1].metadata.name}", "127.0.0.1"),
                arguments("{.pools[:].name}", "a b"),
                arguments("{.pools[0:2:2].name}", "a"),
                arguments("{.pools[-2].name}", "a"),
                arguments("{.pools[1:1].name}", ""),
                // unions of keys and wildcards on maps
                arguments("{.users[1].user['username','password']}", "admin secret"),
                arguments("{.users[1].user.*}", "secret admin"),
                // filters: numbers, booleans, existence, regular expressions, nested ranges
                arguments("{.pools[?(@.blockSize==29)].name}", "b"),
                arguments("{.pools[?(@.blockSize<29)].name}", "a"),
                arguments("{.pools[?(@.blockSize>=26)].name}", "a b"),
                arguments("{.pools[?(@.ratio>1.0)].name}", "b"),
                arguments("{.pools[?(@.nat==true)].name}", "a"),
                arguments("{.pools[?(@.nul)].name}", "a"),
                arguments("{.users[?(@.user.password)].name}", "e2e"),
                arguments("{.users[?(@.name=~\"^my\")].name}", "myself"),
                arguments("{.items[*].status.addresses[?(@.type!=\"another\")].address}", "127.0.0.1 127.0.0.2"),
                arguments("{range .items[*]}{range .status.addresses[*]}{.address};{end}|{end}", "127.0.0.1;|127.0.0.2;127.0.0.3;|"),
                // scalars print as Go prints them; null as <nil>; missing keys print nothing
                arguments("{.pools[0].blockSize} {.pools[0].ratio} {.pools[0].nat} {.pools[0].nul}", "26 0.5 true <nil>"),
                arguments("{.missing}", ""),
                arguments("{.items[*].metadata.missing}", ""),
                arguments("{range .missing[*]}x{end}done", "done"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void rendersAsKubectlDoes(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("{.items[*", "error parsing jsonpath {.items[*, unterminated array at column 8"),
                arguments("{.kind", "error parsing jsonpath {.kind, unclosed action at column 7"),
                arguments("x {.a[?(@.b==1}", "error parsing jsonpath x {.a[?(@.b==1}, unterminated filter at column 6"),
                arguments("{.a[x]}", "error parsing jsonpath {.a[x]}, invalid array index x at column 4"),
                arguments("{\"abc}", "error parsing jsonpath {\"abc}, unterminated quoted string at column 2"),
                arguments("{.a |}", "error parsing jsonpath {.a |}, unrecognized character in action: U+007C '|' at column 5"),
                arguments("{....a}", "error parsing jsonpath {....a}, invalid multiple recursive descent at column 4"),
                arguments("{.kind[0]}", "error executing jsonpath \"{.kind[0]}\": string is not array or slice at column 7"),
                arguments("{.items[5]}", "error executing jsonpath \"{.items[5]}\": array index out of bounds: index 5, length 2 at column 8"),
                arguments("{.items[0].kind[?(@.x)]}", "error executing jsonpath \"{.items[0].kind[?(@.x)]}\": None is not array or slice and cannot be filtered at column 16"),
                arguments("{.pools[?(@.blockSize==\"26\")].name}", "error executing jsonpath \"{.pools[?(@.blockSize==\\\"26\\\")].name}\": incompatible types for comparison at column 8"),
                arguments("{end}", "error executing jsonpath \"{end}\": not in range, nothing to end at column 2"),
                arguments("{.kind foo}", "error executing jsonpath \"{.kind foo}\": unrecognized identifier foo at column 8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reportsErrorsWithTheirColumn(String template, String message) {
        assertThatThrownBy(() -> run(template)).isInstanceOf(JsonPathException.class).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void deeplyNestedRangesAreAnErrorNotACrash() {
        String t = "{range @}".repeat(3000) + "x";
        assertThatThrownBy(() -> run(t)).isInstanceOf(JsonPathException.class).hasMessageContaining(": ranges nested too deeply at column ");
    }
}
