package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.model.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Templates and the output Go's text/template gives for them. Expectations are Go's documented
 * behaviour (text/template package docs and its exec/parse tests, fmt docs), not this code's output.
 */
class GoTemplateTest {
    static final String DATA = """
            {"name": "pool-a", "n": 3, "f": 1.5, "big": 1000000.0, "t": true, "empty": "", "zero": 0, "nul": null,
             "list": ["a", "b", "c"], "nums": [1, 2, 3], "none": [], "m": {"b": 2, "a": 1}, "em": {},
             "metadata": {"name": "p1", "labels": {"env": "prod", "tier": "web"}},
             "items": [{"metadata": {"name": "x"}, "spec": {"blockSize": 26}}, {"metadata": {"name": "y"}, "spec": {"blockSize": 29}}]}
            """;

    static String run(String template) {
        return GoTemplate.parse("t", template).execute(Json.parse(DATA));
    }

    static Stream<Arguments> outputs() {
        return Stream.of(
                // text, comments, trimming (text/template docs: "{{23 -}} < {{- 45}}" is "23<45")
                arguments("hello", "hello"),
                arguments("{{23 -}} < {{- 45}}", "23<45"),
                arguments("a{{/* a comment */}}b", "ab"),
                arguments("a  {{- /* c */ -}}  b", "ab"),
                arguments("x\n  {{- .name}}\n", "xpool-a\n"),
                // the docs' pipeline examples all print "output" quoted
                arguments("{{\"output\"}}", "output"),
                arguments("{{`\"output\"`}}", "\"output\""),
                arguments("{{printf \"%q\" \"output\"}}", "\"output\""),
                arguments("{{\"output\" | printf \"%q\"}}", "\"output\""),
                arguments("{{printf \"%q\" (print \"out\" \"put\")}}", "\"output\""),
                arguments("{{\"put\" | printf \"%s%s\" \"out\" | printf \"%q\"}}", "\"output\""),
                arguments("{{\"output\" | printf \"%s\" | printf \"%q\"}}", "\"output\""),
                arguments("{{with \"output\"}}{{printf \"%q\" .}}{{end}}", "\"output\""),
                arguments("{{with $x := \"output\" | printf \"%q\"}}{{$x}}{{end}}", "\"output\""),
                arguments("{{with $x := \"output\"}}{{printf \"%q\" $x}}{{end}}", "\"output\""),
                arguments("{{with $x := \"output\"}}{{$x | printf \"%q\"}}{{end}}", "\"output\""),
                // fields on maps; a missing key has no value
                arguments("{{.name}}", "pool-a"),
                arguments("{{.metadata.name}}", "p1"),
                arguments("{{.metadata.labels.env}}", "prod"),
                arguments("{{.missing}}", "<no value>"),
                arguments("{{.metadata.missing.deeper}}", "<no value>"),
                arguments("{{.nul}}", "<no value>"),
                arguments("{{print .missing}}", "<nil>"),
                arguments("{{$.name}}", "pool-a"),
                arguments("{{(.metadata).name}}", "p1"),
                // printing values as fmt does
                arguments("{{.n}} {{.f}} {{.t}} {{.big}}", "3 1.5 true 1e+06"),
                arguments("{{.list}}", "[a b c]"),
                arguments("{{.m}}", "map[a:1 b:2]"),
                arguments("{{.em}} {{.none}}", "map[] []"),
                arguments("{{1.0}} {{1e3}} {{0x10}} {{'a'}} {{-7}} {{1_000}}", "1 1000 16 97 -7 1000"),
                // range: index and element variables, else, maps in key order, ints, break and continue
                arguments("{{range .items}}{{.metadata.name}}={{.spec.blockSize}};{{end}}", "x=26;y=29;"),
                arguments("{{range $i, $v := .list}}{{$i}}:{{$v}} {{end}}", "0:a 1:b 2:c "),
                arguments("{{range $v := .list}}{{$v}}{{end}}", "abc"),
                arguments("{{range $k, $v := .m}}{{$k}}={{$v}},{{end}}", "a=1,b=2,"),
                arguments("{{range .none}}x{{else}}empty{{end}}", "empty"),
                arguments("{{range .missing}}x{{else}}none{{end}}", "none"),
                arguments("{{range 3}}{{.}}{{end}}", "012"),
                arguments("{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
                arguments("{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"),
                arguments("{{range .list}}{{$.name}}{{end}}", "pool-apool-apool-a"),
                // if / else if / else, with / else with
                arguments("{{if .t}}yes{{else}}no{{end}}", "yes"),
                arguments("{{if .empty}}a{{else if .zero}}b{{else if .n}}c{{else}}d{{end}}", "c"),
                arguments("{{if .none}}a{{else}}b{{end}}", "b"),
                arguments("{{with .metadata}}{{.name}}{{end}}", "p1"),
                arguments("{{with .missing}}x{{else}}none{{end}}", "none"),
                arguments("{{with .missing}}x{{else with .name}}{{.}}{{end}}", "pool-a"),
                // variables: declaration, assignment, scope ends at {{end}}
                arguments("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
                arguments("{{$x := \"out\"}}{{if true}}{{$x = \"in\"}}{{end}}{{$x}}", "in"),
                arguments("{{$n := len .list}}{{$n}}", "3"),
                // functions
                arguments("{{index .list 1}} {{index .m \"b\"}} {{index .metadata.labels \"nope\"}}", "b 2 <no value>"),
                arguments("{{index .items 1 | printf \"%v\"}}", "map[metadata:map[name:y] spec:map[blockSize:29]]"),
                arguments("{{len .list}} {{len .m}} {{len \"héllo\"}}", "3 2 6"),
                arguments("{{slice .list 1 2}} {{slice \"abc\" 1}}", "[b] bc"),
                arguments("{{print 1 2}}|{{print \"a\" \"b\"}}|{{print \"a\" 1 2 \"b\"}}", "1 2|ab|a1 2b"),
                arguments("{{println 1 \"a\"}}", "1 a\n"),
                arguments("{{eq 1 1}} {{eq \"a\" \"b\" \"a\"}} {{ne 1 2}} {{eq .n 3}} {{eq .missing \"x\"}}", "true true true true false"),
                arguments("{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}} {{lt .n 4}}", "true true true false true"),
                arguments("{{and 1 0}} {{and 1 2}} {{or 0 \"x\"}} {{or 0 \"\"}} {{not 0}} {{not .t}}", "0 2 x  true false"),
                arguments("{{and .missing .missing.x}}", "<no value>"),
                arguments("{{if and .t (eq .name \"pool-a\")}}ok{{end}}", "ok"),
                arguments("{{html \"<a href='x'>&\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;"),
                arguments("{{urlquery \"a b&c\"}}", "a+b%26c"),
                arguments("{{js \"it's <b>\"}}", "it\\'s \\u003Cb\\u003E"),
                arguments("{{join .list \",\"}} {{join .metadata.labels \";\"}}", "a,b,c env=prod;tier=web"),
                arguments("{{joinAndTruncate .list \",\" 4}}", "a..."),
                // printf verbs, width, precision and flags (fmt docs)
                arguments("{{printf \"%5s|%-5s|%.2s\" \"ab\" \"cd\" \"xyz\"}}", "   ab|cd   |xy"),
                arguments("{{printf \"%d %x %X %o %b %c %U\" 255 255 255 8 5 65 65}}", "255 ff FF 10 101 A U+0041"),
                arguments("{{printf \"%05d|%-4d|%+d|% d|%x\" 42 7 3 5 -255}}", "00042|7   |+3| 5|-ff"),
                arguments("{{printf \"%#x %#o %08.3f\" 255 8 3.14159}}", "0xff 010 0003.142"),
                arguments("{{printf \"%t %v %q %q\" true .list 65 \"a\\tb\"}}", "true [a b c] 'A' \"a\\tb\""),
                arguments("{{printf \"%e|%E|%.2f|%g|%g|%G\" 1234.5678 0.00012 2.675 0.000012345 100000.0 1e21}}",
                        "1.234568e+03|1.200000E-04|2.67|1.2345e-05|100000|1E+21"),
                arguments("{{printf \"%6.2f|%-8.3e|\" 3.14159 1234.5}}", "  3.14|1.234e+03|"),
                arguments("{{printf \"%x %X % x\" \"hi\" \"hi\" \"hi\"}}", "6869 6869 68 69"),
                arguments("{{printf \"%s\" .nums}} {{printf \"%d\" .nums}}", "[%!s(int64=1) %!s(int64=2) %!s(int64=3)] [1 2 3]"),
                arguments("{{printf \"%d\"}}", "%!d(MISSING)"),
                arguments("{{printf \"%d\" \"x\"}}", "%!d(string=x)"),
                arguments("{{printf \"%s\" .missing}}", "%!s(<nil>)"),
                arguments("{{printf \"x\" 1 \"a\"}}", "x%!(EXTRA int=1, string=a)"),
                arguments("{{printf \"%!\"}}", "%!!(MISSING)"),
                arguments("{{printf \"%\"}}", "%!(NOVERB)"),
                arguments("{{printf \"100%%\"}}", "100%"),
                arguments("{{printf \"%[2]s %[1]s\" \"a\" \"b\"}}", "b a"),
                arguments("{{printf \"%*d\" 4 7}}", "   7"),
                arguments("{{printf \"%T %T %T %T\" .n .list 1 .m}}", "int64 []interface {} int map[string]interface {}"),
                // define / template / block
                arguments("{{define \"T\"}}Hello, {{.}}!{{end}}{{template \"T\" \"world\"}}", "Hello, world!"),
                arguments("{{block \"B\" .name}}[{{.}}]{{end}}", "[pool-a]"),
                arguments("{{define \"a\"}}  {{end}}{{define \"a\"}}second{{end}}{{template \"a\"}}", "second"),
                arguments("{{define \"row\"}}{{.metadata.name}} {{end}}{{range .items}}{{template \"row\" .}}{{end}}", "x y "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void rendersAsGoDoes(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                arguments("{{.name", "template: t:1: unclosed action"),
                arguments("{{if}}x{{end}}", "template: t:1: missing value for if"),
                arguments("{{}}", "template: t:1: missing value for command"),
                arguments("{{foo 1}}", "template: t:1: function \"foo\" not defined"),
                arguments("{{end}}", "template: t:1: unexpected {{end}}"),
                arguments("{{else}}", "template: t:1: unexpected {{else}}"),
                arguments("a\n{{range .list}}", "template: t:2: unexpected EOF"),
                arguments("{{$x}}", "template: t:1: undefined variable \"$x\""),
                arguments("{{if 1}}{{$x := 1}}{{end}}{{$x}}", "template: t:1: undefined variable \"$x\""),
                arguments("{{break}}", "template: t:1: {{break}} outside {{range}}"),
                arguments("{{\"abc}}", "template: t:1: unterminated quoted string"),
                arguments("{{3x}}", "template: t:1: bad number syntax: \"3x\""),
                arguments("{{/* x */ y}}", "template: t:1: comment ends before closing delimiter"),
                arguments("{{/* x", "template: t:1: unclosed comment"),
                arguments("{{(1}}", "template: t:1: unclosed left paren"),
                arguments("{{1)}}", "template: t:1: unexpected right paren"),
                arguments("{{.a | 3}}", "template: t:1: non executable command in pipeline stage 2"),
                arguments("{{range $i, $j, $k := .}}{{end}}", "template: t:1: too many declarations in range"),
                arguments("{{with $x, $y := .}}{{end}}", "template: t:1: too many declarations in with"),
                arguments("{{\"x\".y}}", "template: t:1: unexpected . after term \"\\\"x\\\"\""),
                arguments("{{if .a}}{{else}}{{else}}{{end}}", "template: t:1: expected end; found {{else}}"),
                arguments("{{#}}", "template: t:1: unexpected \"#\" in command"),
                arguments("x\ny\n{{.a b}}", "template: t:3: function \"b\" not defined"),
                arguments("{{.a\n.b", "template: t:2: unclosed action started at t:1"),
                arguments("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", "template: t:1: template: multiple definition of template \"a\""),
                arguments("{{template .x}}", "template: t:1: unexpected \".x\" in template clause"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrors")
    void rejectsBadSyntaxAsGoDoes(String template, String message) {
        assertThatThrownBy(() -> GoTemplate.parse("t", template)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    static Stream<Arguments> execErrors() {
        return Stream.of(
                arguments("{{.name.first}}", "template: t:1:7: executing \"t\" at <.name.first>: can't evaluate field first in type interface {}"),
                arguments("{{.nul.x}}", "template: t:1:6: executing \"t\" at <.nul.x>: nil pointer evaluating interface {}.x"),
                arguments("{{index .list 5}}", "template: t:1:2: executing \"t\" at <index .list 5>: error calling index: index out of range: 5"),
                arguments("{{index .list 3}}", "template: t:1:2: executing \"t\" at <index .list 3>: error calling index: reflect: slice index out of range"),
                arguments("{{index .n 1}}", "template: t:1:2: executing \"t\" at <index .n 1>: error calling index: can't index item of type int64"),
                arguments("{{len .n}}", "template: t:1:2: executing \"t\" at <len .n>: error calling len: len of type int64"),
                arguments("{{eq 1 \"a\"}}", "template: t:1:2: executing \"t\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison"),
                arguments("{{lt .list 1}}", "template: t:1:2: executing \"t\" at <lt .list 1>: error calling lt: invalid type for comparison"),
                arguments("{{printf 1}}", "template: t:1:9: executing \"t\" at <1>: expected string; found 1"),
                arguments("{{printf .n}}", "template: t:1:9: executing \"t\" at <.n>: wrong type for value; expected string; got int64"),
                arguments("{{nil}}", "template: t:1:2: executing \"t\" at <nil>: nil is not a command"),
                arguments("{{1 2}}", "template: t:1:2: executing \"t\" at <1>: can't give argument to non-function 1"),
                arguments("{{.name 1}}", "template: t:1:2: executing \"t\" at <.name>: name is not a method but has arguments"),
                // the error names the node evaluated last, as Go's state.at does
                arguments("{{range .n | printf \"%s\"}}{{end}}", "template: t:1:20: executing \"t\" at <\"%s\">: range can't iterate over %!s(int64=3)"),
                arguments("{{range .name}}{{end}}", "template: t:1:8: executing \"t\" at <.name>: range can't iterate over pool-a"),
                arguments("{{not}}", "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 0"),
                arguments("{{template \"nope\"}}", "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined"),
                arguments("line1\n  {{.name.x}}", "template: t:2:9: executing \"t\" at <.name.x>: can't evaluate field x in type interface {}"),
                arguments("{{range .items}}{{.spec.blockSize.x}}{{end}}", "template: t:1:23: executing \"t\" at <.spec.blockSize.x>: can't evaluate field x in type interface {}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("execErrors")
    void failsExecutionAsGoDoes(String template, String message) {
        assertThatThrownBy(() -> run(template)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void deepNestingIsAnErrorNotACrash() {
        String parens = "{{" + "(".repeat(20000) + "1" + ")".repeat(20000) + "}}";
        assertThatThrownBy(() -> GoTemplate.parse("t", parens)).isInstanceOf(TemplateException.class)
                .hasMessageEndingWith("max expression depth exceeded");
        String ifs = "{{if 1}}".repeat(50000) + "{{end}}".repeat(50000);
        assertThatThrownBy(() -> GoTemplate.parse("t", ifs)).isInstanceOf(TemplateException.class)
                .hasMessageEndingWith("max expression depth exceeded");
        assertThat(GoTemplate.parse("t", "{{" + "(".repeat(50) + "1" + ")".repeat(50) + "}}").execute(null)).isEqualTo("1");
    }
}
