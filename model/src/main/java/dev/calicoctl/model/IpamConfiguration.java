package dev.calicoctl.model;

import java.util.List;

import static dev.calicoctl.model.FieldType.*;

/** IPAMConfiguration: the cluster's IPAM switches (ipamconfig.go); only the name "default" exists. */
public final class IpamConfiguration {
    public static final FieldType SPEC = object(
            "strictAffinity", BOOL.keepEmpty(),
            "maxBlocksPerHost", INT.with(Check.range(0, 1_000_000)),
            "autoAllocateBlocks", BOOL.keepEmpty(),
            "kubeVirtVMAddressPersistence", STRING.pointer().with(Check.oneOf("Enabled", "Disabled")),
            "ipCooldownSeconds", INT.go("IPCooldownSeconds").with(Check.range(0, 1200))
    ).with(Check.struct((s, errors) -> {
        if (s.get("maxBlocksPerHost") instanceof Number n && n.longValue() < 0) {
            errors.add(new FieldError("MaxBlocksPerHost", n, "must be greater than or equal to 0"));
        }
    }));

    private IpamConfiguration() {}

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void checkCreate(Resource r, Kind.Lookup others, List<FieldError> errors) { onlyDefault(r); }
        @Override public void checkUpdate(Resource old, Resource r, Kind.Lookup others, List<FieldError> errors) { onlyDefault(r); }

        /** libcalico-go ipamconfig.go: a plain error, after validation. */
        private void onlyDefault(Resource r) {
            if (!"default".equals(r.name())) throw new CalicoException("Cannot create an IPAMConfiguration resource with a name other than \"default\"");
        }
    };
}
