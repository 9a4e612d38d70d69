package dev.calicoctl.model;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComparatorsTest {
    @Test
    void theyOrderAsTheJdksDoWithoutBeingSerializableLambdas() {
        List<String> words = List.of("pear", "fig", "banana", "kiwi", "apple");
        List<String> ours = new ArrayList<>(words), jdks = new ArrayList<>(words);
        ours.sort(Comparators.by(s -> s.substring(1)));
        jdks.sort(Comparator.comparing(s -> s.substring(1)));
        assertThat(ours).isEqualTo(jdks).containsExactly("banana", "pear", "fig", "kiwi", "apple");
        ours.sort(Comparators.byInt(String::length));
        assertThat(ours).extracting(String::length).isSorted();
        ours.sort(Comparators.byLong(s -> -(long) s.charAt(0)));
        assertThat(ours).first().isEqualTo("pear");
        // the point: the AOT cache keeps only non-serializable lambdas
        assertThat(Comparators.by(String::length)).isNotInstanceOf(Serializable.class);
        assertThat(Comparators.byInt(String::length)).isNotInstanceOf(Serializable.class);
        assertThat(Comparator.comparing(String::length)).isInstanceOf(Serializable.class);
    }
}
