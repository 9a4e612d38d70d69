package dev.calicoctl.cli.output.jsonpath;

import dev.calicoctl.model.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** For any JSON tree, "{.}" prints JSON that reads back as the same tree, and wildcards see every member. */
class JsonPathPropertyTest {
    @Provide
    Arbitrary<Object> trees() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), inner).ofMaxSize(4).map(m -> (Object) m)),
                3);
    }

    @Property
    void theWholeObjectRoundTripsThroughJson(@ForAll("trees") Object tree) {
        Object doc = Map.of("root", tree);
        String out = JsonPath.parse("{.}").execute(doc);
        assertThat(Json.parse(out)).isEqualTo(doc);
    }

    @Property
    void wildcardOnAListYieldsEveryElement(@ForAll("trees") Object tree) {
        if (!(tree instanceof List<?> l)) return;
        String out = JsonPath.parse("{range .xs[*]}x{end}").execute(Map.of("xs", l));
        assertThat(out).isEqualTo("x".repeat(l.size()));
    }
}
