package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.Connect.ConnectListAllDomainsFlags;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.event.LifecycleListener;

/**
 * A host's hypervisor through libvirt: qemu:///system for real guests, or a private test-driver instance
 * ({@code test:///<node file>}) for tests and simulated fleets. The domain XML comes from the host's
 * {@link DomainDefinition}. A test-driver instance lives exactly as long as its connection, so its domains are
 * kept in {@link DomainRecords} and defined again when the hypervisor is opened next.
 */
public final class LibvirtHypervisor implements Hypervisor {

    private static final Logger LOG = Logger.getLogger(LibvirtHypervisor.class);
    private static final int UNDEFINE_EVERYTHING = Domain.UndefineFlags.MANAGED_SAVE
            | Domain.UndefineFlags.SNAPSHOTS_METADATA;

    private final String uri;
    private final DomainDefinition definition;
    private final LongSupplier diskGb;
    private final DomainRecords records;
    private Connect connection;
    private LifecycleListener lifecycleListener;
    private boolean closed;

    private LibvirtHypervisor(String uri, DomainDefinition definition, LongSupplier diskGb, DomainRecords records,
            Connect connection) {
        this.uri = uri;
        this.definition = definition;
        this.diskGb = diskGb;
        this.records = records;
        this.connection = connection;
    }

    /**
     * Connects to libvirt at {@code uri}.
     *
     * @param diskGb the disk the host offers, which libvirt's node info does not tell
     * @throws HypervisorException when libvirt cannot be reached
     */
    public static LibvirtHypervisor open(String uri, DomainDefinition definition, LongSupplier diskGb) {
        return open(uri, definition, diskGb, DomainRecords.NONE);
    }

    /** Connects to libvirt at {@code uri} and defines the recorded domains again, in their recorded power state. */
    public static LibvirtHypervisor open(String uri, DomainDefinition definition, LongSupplier diskGb,
            DomainRecords records) {
        LibvirtErrors.keepOffStderr();
        LibvirtEvents.start(); // before connecting, or the connection delivers no events
        Connect connection = connect(uri);
        new DomainAdoption(connection, records).adoptAll();
        return new LibvirtHypervisor(uri, definition, diskGb, records, connection);
    }

    public String uri() {
        return uri;
    }

    public DomainType domainType() {
        return definition.type();
    }

    @Override
    public Resources inventory() {
        try {
            NodeInfo node = connection().nodeInfo();
            return new Resources(node.cpus, node.memory / 1024, diskGb.getAsLong());
        } catch (LibvirtException e) {
            throw failure("cannot read the node info of " + uri, e);
        }
    }

    @Override
    public String architecture() {
        try {
            return HostCapabilities.architecture(connection().nodeInfo().model);
        } catch (LibvirtException e) {
            throw failure("cannot read the node info of " + uri, e);
        }
    }

    @Override
    public List<String> traits() {
        String capabilities;
        try {
            capabilities = connection().getCapabilities();
        } catch (LibvirtException e) {
            capabilities = null; // no CPU traits then; the standard ones still hold
        }
        return HostCapabilities.traits(architecture(), capabilities);
    }

    @Override
    public void spawn(InstanceSpec spec) {
        definition.prepare(spec);
        try {
            Domain domain = lookup(spec.instanceId()).orElse(null);
            if (domain == null) {
                domain = connection().domainDefineXML(definition.xmlFor(spec));
                LOG.debugf("defined domain %s on %s", spec.domainName(), uri);
            }
            try {
                if (domain.isActive() == 0) {
                    domain.create();
                    LOG.debugf("started domain %s on %s", spec.domainName(), uri);
                }
            } finally {
                free(domain);
            }
        } catch (LibvirtException e) {
            throw failure("cannot spawn domain " + spec.domainName(), e);
        } finally {
            record(spec.instanceId());
        }
    }

    @Override
    public Optional<Path> rootDisk(UUID instanceId) {
        return definition.rootDisk(instanceId);
    }

    @Override
    public void redefine(InstanceSpec spec) {
        try {
            Domain domain = lookup(spec.instanceId())
                    .orElseThrow(() -> new HypervisorException("instance " + spec.instanceId() + " has no domain", null));
            try {
                if (domain.isActive() != 0) {
                    throw new HypervisorException("domain " + spec.domainName() + " must be stopped to be redefined", null);
                }
            } finally {
                free(domain);
            }
            definition.prepare(spec); // a larger root disk for a resize
            free(connection().domainDefineXML(definition.xmlFor(spec)));
            LOG.debugf("redefined domain %s on %s", spec.domainName(), uri);
        } catch (LibvirtException e) {
            throw failure("cannot redefine domain " + spec.domainName(), e);
        } finally {
            record(spec.instanceId());
        }
    }

    @Override
    public Diagnostics diagnostics(UUID instanceId) {
        try {
            Domain domain = lookup(instanceId)
                    .orElseThrow(() -> new HypervisorException("instance " + instanceId + " has no domain", null));
            try {
                org.libvirt.DomainInfo info = domain.getInfo();
                List<Long> times = new java.util.ArrayList<>();
                if (domain.isActive() != 0) {
                    for (org.libvirt.VcpuInfo vcpu : domain.getVcpusInfo()) {
                        times.add(vcpu.cpuTime);
                    }
                }
                return new Diagnostics(stateOf(domain), info.maxMem, info.memory, info.nrVirtCpu, times);
            } finally {
                free(domain);
            }
        } catch (LibvirtException e) {
            throw failure("cannot read the diagnostics of instance " + instanceId, e);
        }
    }

    /** The domain's persistent definition (libvirt's XML), or empty when it has none. */
    public Optional<String> definitionOf(UUID instanceId) {
        try {
            Optional<Domain> found = lookup(instanceId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(found.get().getXMLDesc(Domain.XMLFlags.INACTIVE));
            } finally {
                free(found.get());
            }
        } catch (LibvirtException e) {
            throw failure("cannot read the definition of instance " + instanceId, e);
        }
    }

    @Override
    public void destroy(UUID instanceId) {
        try {
            Optional<Domain> found = lookup(instanceId);
            if (found.isPresent()) {
                Domain domain = found.get();
                try {
                    stopIfRunning(domain);
                    undefine(domain);
                } finally {
                    free(domain);
                }
            }
        } catch (LibvirtException e) {
            throw failure("cannot destroy domain " + DomainNames.of(instanceId), e);
        }
        records.remove(instanceId);
        definition.release(instanceId);
    }

    /**
     * libvirt's peer-to-peer migration to the target libvirtd: a running domain moves live, a stopped one offline
     * (its definition only: its disk must be on shared storage, since libvirt copies no disk offline); the target
     * keeps the definition and this host undefines it. The qemu path, built for hosts on separate machines.
     */
    @Override
    public void migrateTo(UUID instanceId, String targetUri, boolean copyStorage) {
        try {
            Domain domain = lookup(instanceId)
                    .orElseThrow(() -> new HypervisorException("instance " + instanceId + " has no domain", null));
            try {
                domain.migrateToURI(targetUri, migrationFlags(domain.isActive() != 0, copyStorage), null, 0);
                LOG.infof("migrated domain %s from %s to %s", DomainNames.of(instanceId), uri, targetUri);
            } finally {
                free(domain);
            }
        } catch (LibvirtException e) {
            throw failure("cannot migrate domain " + DomainNames.of(instanceId) + " to " + targetUri, e);
        } finally {
            record(instanceId);
        }
    }

    /** The flags of {@link #migrateTo}: live for a running domain, offline otherwise; disks copied on request. */
    static long migrationFlags(boolean running, boolean copyStorage) {
        long flags = Domain.MigrateFlags.PEER2PEER | Domain.MigrateFlags.PERSIST_DEST
                | Domain.MigrateFlags.UNDEFINE_SOURCE;
        if (!running) {
            return flags | Domain.MigrateFlags.OFFLINE;
        }
        flags |= Domain.MigrateFlags.LIVE;
        return copyStorage ? flags | Domain.MigrateFlags.NON_SHARED_INC : flags;
    }

    private static void stopIfRunning(Domain domain) throws LibvirtException {
        if (domain.isActive() == 0) {
            return;
        }
        try {
            domain.destroy();
        } catch (LibvirtException e) {
            if (e.getError().getCode() != ErrorNumber.VIR_ERR_OPERATION_INVALID) {
                throw e; // OPERATION_INVALID: it stopped between the check and the destroy
            }
        }
    }

    private static void undefine(Domain domain) throws LibvirtException {
        try {
            domain.undefine(UNDEFINE_EVERYTHING);
        } catch (LibvirtException e) {
            if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw e; // NO_DOMAIN: a transient domain vanishes when it stops
            }
        }
    }

    @Override
    public InstanceState state(UUID instanceId) {
        try {
            Optional<Domain> found = lookup(instanceId);
            if (found.isEmpty()) {
                return InstanceState.ABSENT;
            }
            try {
                return stateOf(found.get());
            } finally {
                free(found.get());
            }
        } catch (LibvirtException e) {
            throw failure("cannot read the state of domain " + DomainNames.of(instanceId), e);
        }
    }

    static InstanceState stateOf(Domain domain) throws LibvirtException {
        InstanceState state = stateOf(domain.getInfo().state);
        if (state == InstanceState.SHUTDOWN && domain.hasManagedSaveImage() == 1) {
            return InstanceState.SUSPENDED; // stopped with its memory saved: a resume restores it
        }
        return state;
    }

    static InstanceState stateOf(DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> InstanceState.RUNNING;
            case VIR_DOMAIN_PAUSED -> InstanceState.PAUSED;
            case VIR_DOMAIN_CRASHED -> InstanceState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> InstanceState.SUSPENDED;
            case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_NOSTATE -> InstanceState.SHUTDOWN;
        };
    }

    @Override
    public void start(UUID instanceId) {
        act(instanceId, "start", Domain::create);
    }

    @Override
    public void requestShutdown(UUID instanceId) {
        act(instanceId, "shut down", Domain::shutdown);
    }

    @Override
    public void powerOff(UUID instanceId) {
        act(instanceId, "power off", Domain::destroy);
    }

    @Override
    public void reset(UUID instanceId) {
        act(instanceId, "reset", Domain::reset);
    }

    @Override
    public void pause(UUID instanceId) {
        act(instanceId, "pause", Domain::suspend);
    }

    @Override
    public void unpause(UUID instanceId) {
        act(instanceId, "unpause", Domain::resume);
    }

    @Override
    public void suspend(UUID instanceId) {
        act(instanceId, "suspend", Domain::managedSave);
    }

    @Override
    public void discardSuspendedState(UUID instanceId) {
        act(instanceId, "discard the saved state of", Domain::managedSaveRemove);
    }

    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return definition.consoleLog(instanceId);
    }

    /**
     * Calls the listener on libvirt's event thread with each Kumo instance whose domain has a lifecycle event. One
     * listener per hypervisor: a second call replaces the first. It is registered again on a new connection after
     * libvirtd restarted, and removed before the connection closes (libvirt would keep calling it otherwise).
     */
    @Override
    public synchronized void onPowerChange(Consumer<UUID> listener) {
        if (!LibvirtEvents.isRunning()) {
            return;
        }
        try {
            stopListening();
            LifecycleListener lifecycle = (domain, event) -> {
                try {
                    DomainNames.instanceOf(domain.getName()).ifPresent(listener);
                } catch (LibvirtException | RuntimeException e) {
                    LOG.debugf("cannot handle a lifecycle event on %s: %s", uri, e.getMessage());
                } finally {
                    free(domain);
                }
                return 0;
            };
            connection().addLifecycleListener(lifecycle);
            lifecycleListener = lifecycle;
        } catch (LibvirtException e) {
            LOG.infof("%s sends no lifecycle events; the periodic power-state sync covers it: %s", uri,
                    e.getMessage());
        }
    }

    private void stopListening() {
        if (lifecycleListener == null) {
            return;
        }
        try {
            connection.removeLifecycleListener(lifecycleListener);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debugf("cannot remove the lifecycle listener on %s: %s", uri, e.getMessage());
        }
        lifecycleListener = null;
    }

    @FunctionalInterface
    private interface DomainAction {
        void apply(Domain domain) throws LibvirtException;
    }

    private void act(UUID instanceId, String what, DomainAction action) {
        String name = DomainNames.of(instanceId);
        try {
            Domain domain = lookup(instanceId)
                    .orElseThrow(() -> new HypervisorException("cannot " + what + " domain " + name
                            + ": the host has no such domain", null));
            try {
                action.apply(domain);
                LOG.debugf("%s: %s on %s", what, name, uri);
            } finally {
                free(domain);
            }
        } catch (LibvirtException e) {
            throw failure("cannot " + what + " domain " + name, e);
        } finally {
            record(instanceId);
        }
    }

    /** Writes the domain's definition and state to the records, or forgets it when it is gone. */
    private void record(UUID instanceId) {
        if (records == DomainRecords.NONE) {
            return;
        }
        try {
            Optional<Domain> found = lookup(instanceId);
            if (found.isEmpty()) {
                records.remove(instanceId);
                return;
            }
            try {
                records.save(new DomainRecords.Domain(instanceId,
                        found.get().getXMLDesc(Domain.XMLFlags.INACTIVE), stateOf(found.get())));
            } finally {
                free(found.get());
            }
        } catch (LibvirtException | RuntimeException e) {
            LOG.errorf("cannot record the domain of instance %s; a restart may lose it: %s", instanceId,
                    e.getMessage());
        }
    }

    @Override
    public List<UUID> list() {
        return instancesAmong(0);
    }

    @Override
    public List<UUID> running() {
        return instancesAmong(ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_ACTIVE);
    }

    private List<UUID> instancesAmong(int listFlags) {
        try {
            List<UUID> instances = new ArrayList<>();
            for (Domain domain : connection().listAllDomains(listFlags)) {
                try {
                    DomainNames.instanceOf(domain.getName()).ifPresent(instances::add);
                } finally {
                    free(domain);
                }
            }
            return instances;
        } catch (LibvirtException e) {
            throw failure("cannot list the domains of " + uri, e);
        }
    }

    private Optional<Domain> lookup(UUID instanceId) throws LibvirtException {
        return lookup(connection(), instanceId);
    }

    static Optional<Domain> lookup(Connect connection, UUID instanceId) throws LibvirtException {
        try {
            return Optional.of(connection.domainLookupByUUID(instanceId));
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The open connection; a remote one that died (libvirtd restarted) is opened again. */
    private synchronized Connect connection() throws LibvirtException {
        if (closed) {
            throw new IllegalStateException("the connection to " + uri + " is closed");
        }
        if (!connection.isAlive()) {
            LOG.warnf("the connection to %s is dead; reconnecting", uri);
            closeQuietly(connection);
            connection = new Connect(uri);
            if (lifecycleListener != null) {
                connection.addLifecycleListener(lifecycleListener); // the old connection took it along
            }
        }
        return connection;
    }

    @Override
    public synchronized boolean isOpen() {
        try {
            return !closed && connection.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            stopListening();
            closed = true;
            closeQuietly(connection);
        }
    }

    private static Connect connect(String uri) {
        try {
            return new Connect(uri);
        } catch (LibvirtException e) {
            throw failure("cannot connect to libvirt at " + uri, e);
        }
    }

    private static HypervisorException failure(String what, LibvirtException e) {
        return new HypervisorException(what + ": " + e.getMessage(), e);
    }

    static void free(Domain domain) {
        try {
            domain.free();
        } catch (LibvirtException e) {
            LOG.debugf("cannot free a domain handle: %s", e.getMessage());
        }
    }

    private static void closeQuietly(Connect connection) {
        try {
            connection.close();
        } catch (LibvirtException e) {
            LOG.debugf("cannot close a libvirt connection: %s", e.getMessage());
        }
    }
}
