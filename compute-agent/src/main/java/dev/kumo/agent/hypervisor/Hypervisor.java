package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import java.util.List;
import java.util.UUID;

/**
 * One host's virtualization as the agent sees it: what the host offers, and instance domains to start and remove.
 * Every operation is idempotent, so a command applied twice leaves the host exactly as applying it once does.
 */
public interface Hypervisor extends AutoCloseable {

    /** What the host offers: vCPUs and memory from the hypervisor's node info, disk from the host's storage. */
    Resources inventory();

    /**
     * Makes the instance run: defines its domain if missing and starts it if stopped; a running domain is left alone.
     *
     * @throws HypervisorException when the hypervisor refuses; a half-made domain may remain, see {@link #destroy}
     */
    void spawn(InstanceSpec spec);

    /** Makes the instance gone: stops its domain if running and undefines it; an absent domain is fine. */
    void destroy(UUID instanceId);

    InstanceState state(UUID instanceId);

    /** The instances that have a domain on this host, running or not. */
    List<UUID> list();

    /** The instances whose domain runs on this host. */
    List<UUID> running();

    /** Whether the connection to the hypervisor is usable. */
    boolean isOpen();

    @Override
    void close();
}
