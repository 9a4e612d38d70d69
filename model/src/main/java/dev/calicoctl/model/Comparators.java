package dev.calicoctl.model;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Key comparators, as {@link Comparator#comparing} makes them but not serializable: the JDK's are
 * serializable lambdas, which the AOT cache cannot hold, so each start spun them afresh (~10 ms of
 * class generation on the first `ipam show`).
 */
public final class Comparators {
    private Comparators() {}

    public static <T, K extends Comparable<? super K>> Comparator<T> by(Function<? super T, ? extends K> key) {
        return (a, b) -> key.apply(a).compareTo(key.apply(b));
    }

    public static <T> Comparator<T> byInt(ToIntFunction<? super T> key) {
        return (a, b) -> Integer.compare(key.applyAsInt(a), key.applyAsInt(b));
    }

    public static <T> Comparator<T> byLong(ToLongFunction<? super T> key) {
        return (a, b) -> Long.compare(key.applyAsLong(a), key.applyAsLong(b));
    }
}
