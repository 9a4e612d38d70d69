package dev.calicoctl.model;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a table cell may need beyond its resource: calicoctl's template function
 * {@code config "asnumber"} (the cluster's BGP AS number, for Node rows without their own).
 */
public interface TableContext {
    /** BGPConfiguration default's asNumber, "64512" when unset or absent, "unknown" when it cannot be read. */
    String globalAsNumber();

    /** For printing without a datastore: the default AS number. */
    TableContext DEFAULTS = () -> "64512";

    /** Reads BGPConfiguration "default" on first use only, as upstream looks it up once per command. */
    static TableContext reading(Supplier<Optional<Resource>> bgpConfigurationDefault) {
        return new TableContext() {
            private String as;

            @Override public String globalAsNumber() {
                if (as == null) {
                    try {
                        Object n = bgpConfigurationDefault.get().map(r -> r.spec().get("asNumber")).orElse(null);
                        as = n == null ? "64512" : TableColumns.asNumber(n);
                    } catch (RuntimeException e) {
                        as = "unknown";
                    }
                }
                return as;
            }
        };
    }
}
