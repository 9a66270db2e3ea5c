package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One host's virtualization as the agent sees it: what the host offers, and instance domains to start and remove.
 * Every operation is idempotent, so a command applied twice leaves the host exactly as applying it once does.
 */
public interface Hypervisor extends AutoCloseable {

    /** What the host offers: vCPUs and memory from the hypervisor's node info, disk from the host's storage. */
    Resources inventory();

    /** The host's CPU architecture in Nova's canonical words (x86_64, aarch64); null if unknown. */
    default String architecture() {
        return null;
    }

    /** The host's standard Placement traits (COMPUTE_*, HW_CPU_X86_*), see {@link HostCapabilities}. */
    default List<String> traits() {
        return List.of();
    }

    /**
     * Makes the instance run: defines its domain if missing and starts it if stopped; a running domain is left alone.
     *
     * @throws HypervisorException when the hypervisor refuses; a half-made domain may remain, see {@link #destroy}
     */
    void spawn(InstanceSpec spec);

    /**
     * Defines the stopped instance's domain again from the spec (other resources), keeping its files.
     *
     * @throws HypervisorException when it has no domain, its domain runs, or the hypervisor refuses
     */
    void redefine(InstanceSpec spec);

    /** Makes the instance gone: stops its domain if running and undefines it; an absent domain is fine. */
    void destroy(UUID instanceId);

    /**
     * Moves the instance's domain to the hypervisor at {@code targetUri} (another libvirtd), running or not, and
     * leaves nothing of it here; {@code copyStorage} copies its disks too, for hosts without shared storage.
     *
     * @throws HypervisorException when it has no domain, the hypervisor cannot migrate, or the migration fails
     */
    default void migrateTo(UUID instanceId, String targetUri, boolean copyStorage) {
        throw new HypervisorException("this hypervisor cannot migrate domains to " + targetUri, null);
    }

    /** The domain's power state; a stopped domain with a managed save is {@link InstanceState#SUSPENDED}. */
    InstanceState state(UUID instanceId);

    // The power primitives below act on an existing domain and throw HypervisorException when libvirt refuses
    // (also when the domain is absent). They are single libvirt calls; the instance's power operations
    // (dev.kumo.agent.instances.InstancePower) check the state first and compose them idempotently.

    /** Starts the defined domain; one with a managed save is restored from it. */
    void start(UUID instanceId);

    /** Asks the guest to shut down (ACPI power button) and returns at once: the guest may ignore it. */
    void requestShutdown(UUID instanceId);

    /** Stops the domain at once, as pulling the plug would; its definition stays. */
    void powerOff(UUID instanceId);

    /** Resets the running domain, as the reset button would. */
    void reset(UUID instanceId);

    /** Freezes the domain's vCPUs; its memory stays in the host's RAM. */
    void pause(UUID instanceId);

    void unpause(UUID instanceId);

    /** Saves the domain's memory to the host's disk and stops it (libvirt's managed save). */
    void suspend(UUID instanceId);

    /** Drops the domain's managed save, so that its next start boots afresh. */
    void discardSuspendedState(UUID instanceId);

    /**
     * The file the instance's console output goes to: the guest's serial port for QEMU, the agent's lifecycle
     * log of the instance for the test driver (which runs no guest); empty when there is none.
     */
    Optional<Path> consoleLog(UUID instanceId);

    /** The instance's root disk file (a qcow2 overlay on its image), if its domain has one: test domains have none. */
    default Optional<Path> rootDisk(UUID instanceId) {
        return Optional.empty();
    }

    /**
     * What the hypervisor measures of the instance's domain now (Nova's server diagnostics): memory, and the CPU time
     * of each vCPU while it runs.
     *
     * @throws HypervisorException when it has no domain or the hypervisor refuses
     */
    Diagnostics diagnostics(UUID instanceId);

    /** The instances that have a domain on this host, running or not. */
    List<UUID> list();

    /** The instances whose domain runs on this host. */
    List<UUID> running();

    /**
     * Calls the listener with the instance whose domain changed power state (started, stopped, paused, crashed...)
     * as soon as the hypervisor says so, where it sends such events; a hypervisor that cannot never calls it.
     */
    default void onPowerChange(Consumer<UUID> listener) {
    }

    /** Whether the connection to the hypervisor is usable. */
    boolean isOpen();

    @Override
    void close();
}
