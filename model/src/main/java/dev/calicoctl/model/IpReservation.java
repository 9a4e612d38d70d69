package dev.calicoctl.model;

import java.util.ArrayList;
import java.util.List;

import static dev.calicoctl.model.FieldType.*;

/** IPReservation: CIDRs (or single addresses) that IPAM must never hand out. */
public final class IpReservation {
    public static final FieldType SPEC = object("reservedCIDRs", listOf(STRING));

    private IpReservation() {}

    public static List<Cidr> reservedCidrs(Resource r) {
        List<Cidr> out = new ArrayList<>();
        if (r.spec().get("reservedCIDRs") instanceof List<?> l) {
            for (Object o : l) {
                Cidr c = Cidr.tryParseCidrOrIp(String.valueOf(o));
                if (c != null) out.add(c.masked());
            }
        }
        return out;
    }

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            if (r.spec().get("reservedCIDRs") instanceof List<?> l) {
                for (Object o : l) {
                    if (Cidr.tryParseCidrOrIp(String.valueOf(o)) == null) {
                        errors.add(new FieldError("IPReservation.Spec.ReservedCIDRs", o, "invalid CIDR or IP address"));
                    }
                }
            }
        }
    };
}
