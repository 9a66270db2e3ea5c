package dev.kumo.agent.power;

import dev.kumo.contracts.host.PowerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The power state the control plane was last told for each instance of this agent's hosts, and the instances a
 * command is working on right now. The power-state sync reports what differs and leaves busy instances to their
 * command, whose own event reports the outcome. In memory: after a restart the first sync reports every instance.
 */
@ApplicationScoped
public class PowerStates {

    private final Map<String, Map<UUID, PowerState>> reported = new ConcurrentHashMap<>();
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

    /** Remembers the state as told; whether it differs from what was told before. */
    public boolean told(String host, UUID instanceId, PowerState state) {
        return of(host).put(instanceId, state) != state;
    }

    /**
     * Whether the state differs from the one last told for the instance on the host. An instance with no domain
     * ({@code NOSTATE}) that nothing was told about, or that was already told gone, is no news: a destroy's own
     * event said so, and the lifecycle events of the domain going away would otherwise each report it again.
     */
    public boolean differs(String host, UUID instanceId, PowerState state) {
        PowerState told = of(host).get(instanceId);
        if (told == null) {
            return state != PowerState.NOSTATE;
        }
        return told != state;
    }

    /** The instance is gone from the host (destroyed): nothing more to tell about it. */
    public void forget(String host, UUID instanceId) {
        of(host).remove(instanceId);
    }

    /** The instances of the host the control plane was told about, with their last told state. */
    public Map<UUID, PowerState> toldFor(String host) {
        return Map.copyOf(of(host));
    }

    private Map<UUID, PowerState> of(String host) {
        return reported.computeIfAbsent(host, any -> new ConcurrentHashMap<>());
    }

    public void busy(UUID instanceId) {
        busy.add(instanceId);
    }

    public void idle(UUID instanceId) {
        busy.remove(instanceId);
    }

    public boolean isBusy(UUID instanceId) {
        return busy.contains(instanceId);
    }
}
