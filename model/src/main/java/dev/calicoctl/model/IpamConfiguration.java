package dev.calicoctl.model;

import java.util.List;

import static dev.calicoctl.model.FieldType.*;

/** IPAMConfiguration: the cluster's IPAM switches; only the name "default" exists. */
public final class IpamConfiguration {
    public static final FieldType SPEC = object(
            "strictAffinity", BOOL.keepEmpty(), "maxBlocksPerHost", INT, "autoAllocateBlocks", BOOL.keepEmpty(),
            "kubeVirtVMAddressPersistence", STRING, "ipCooldownSeconds", INT);

    private IpamConfiguration() {}

    public static final Kind.Rules RULES = new Kind.Rules() {
        @Override public void validate(Resource r, List<FieldError> errors) {
            if (!"default".equals(r.name())) {
                errors.add(new FieldError("Metadata.Name", r.name(), "Cannot create an IPAMConfiguration resource with a name other than \"default\""));
            }
            Object max = r.spec().get("maxBlocksPerHost");
            if (max instanceof Number n && (n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE)) {
                errors.add(new FieldError("IPAMConfiguration.Spec.MaxBlocksPerHost", max, "must be between 0 and 2147483647"));
            }
            Object cool = r.spec().get("ipCooldownSeconds");
            if (cool instanceof Number n && n.longValue() < 0) {
                errors.add(new FieldError("IPAMConfiguration.Spec.IPCooldownSeconds", cool, "must not be negative"));
            }
        }
    };
}
