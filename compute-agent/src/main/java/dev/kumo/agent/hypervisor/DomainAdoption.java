package dev.kumo.agent.hypervisor;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Gives a freshly opened hypervisor back the domains it had, from their records: each recorded domain is defined
 * (unless the hypervisor still has it) and brought to its recorded power state, one small step at a time.
 */
final class DomainAdoption {

    private static final Logger LOG = Logger.getLogger(DomainAdoption.class);

    private final Connect connection;
    private final DomainRecords records;

    DomainAdoption(Connect connection, DomainRecords records) {
        this.connection = connection;
        this.records = records;
    }

    void adoptAll() {
        int adopted = 0;
        for (DomainRecords.Domain recorded : records.all()) {
            try {
                adopt(recorded);
                adopted++;
            } catch (LibvirtException | RuntimeException e) {
                LOG.errorf("cannot adopt the recorded domain of instance %s: %s", recorded.instanceId(),
                        e.getMessage());
            }
        }
        if (adopted > 0) {
            LOG.infof("adopted %d recorded domain(s)", adopted);
        }
    }

    private void adopt(DomainRecords.Domain recorded) throws LibvirtException {
        Optional<Domain> existing = LibvirtHypervisor.lookup(connection, recorded.instanceId());
        Domain domain = existing.isPresent() ? existing.get() : connection.domainDefineXML(recorded.xml());
        try {
            bringTo(domain, recorded.state());
        } finally {
            LibvirtHypervisor.free(domain);
        }
    }

    private static void bringTo(Domain domain, InstanceState wanted) throws LibvirtException {
        if (LibvirtHypervisor.stateOf(domain) == wanted) {
            return;
        }
        switch (wanted) {
            case RUNNING -> startIfStopped(domain);
            case PAUSED -> {
                startIfStopped(domain);
                domain.suspend();
            }
            case SUSPENDED -> {
                startIfStopped(domain);
                domain.managedSave();
            }
            default -> {
                // SHUTDOWN, CRASHED: defined and stopped is what it was
            }
        }
    }

    private static void startIfStopped(Domain domain) throws LibvirtException {
        if (domain.isActive() == 0) {
            domain.create();
        }
    }
}
