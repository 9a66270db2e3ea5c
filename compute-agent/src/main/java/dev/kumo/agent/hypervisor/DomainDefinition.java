package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the libvirt domain XML of an instance for one domain type, and keeps any files the domain uses on the
 * host (a console log, later disks). One implementation per domain type.
 */
public interface DomainDefinition {

    DomainType type();

    /** The complete {@code <domain>} document for the instance. */
    String xmlFor(InstanceSpec spec);

    /** Creates what the domain needs on the host before it is defined. */
    default void prepare(InstanceSpec spec) {
    }

    /** Removes what {@link #prepare} created, once the domain is gone. */
    default void release(UUID instanceId) {
    }

    /** The instance's root disk file on the host, if its domain has one. */
    default Optional<Path> rootDisk(UUID instanceId) {
        return Optional.empty();
    }

    /** Where the instance's console output goes, if anywhere; see {@link Hypervisor#consoleLog}. */
    default Optional<Path> consoleLog(UUID instanceId) {
        return Optional.empty();
    }
}
