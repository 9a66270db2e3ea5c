package dev.kumo.agent.hypervisor;

import java.util.Optional;
import java.util.UUID;

/** Kumo names its domains {@code kumo-<instance id>}; domains with other names on the host are not Kumo's. */
public final class DomainNames {

    static final String PREFIX = "kumo-";

    private DomainNames() {
    }

    public static String of(UUID instanceId) {
        return PREFIX + instanceId;
    }

    /** The instance id of a Kumo domain name; empty for any other domain. */
    public static Optional<UUID> instanceOf(String domainName) {
        if (domainName == null || !domainName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(domainName.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
