package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What a hypervisor that forgets its domains (libvirt's in-memory test driver) keeps on disk so that a restarted
 * agent finds them again, as a real host's libvirtd would: each instance's domain XML and its power state.
 */
public interface DomainRecords {

    /** One remembered domain. */
    record Domain(UUID instanceId, String xml, InstanceState state) {
    }

    /** Records the domain as it is now, replacing what was recorded before. */
    void save(Domain domain);

    /** Forgets the instance's domain; an unknown one is fine. */
    void remove(UUID instanceId);

    /** Every recorded domain. */
    List<Domain> all();

    /** Nothing recorded: for hypervisors that keep their domains themselves (qemu:///system). */
    DomainRecords NONE = new DomainRecords() {
        @Override
        public void save(Domain domain) {
        }

        @Override
        public void remove(UUID instanceId) {
        }

        @Override
        public List<Domain> all() {
            return List.of();
        }
    };

    /** Records as files {@code <uuid>.xml} and {@code <uuid>.state} in the directory. */
    static DomainRecords in(Path directory) {
        return new DomainRecordFiles(directory);
    }
}
