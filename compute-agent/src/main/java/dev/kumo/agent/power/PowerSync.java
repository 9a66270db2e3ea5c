package dev.kumo.agent.power;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstancePowerChanged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Reconciles what the control plane was told with what the hypervisors hold: reads each instance domain's power
 * state, compares it with the one last reported, and reports the differences as {@link InstancePowerChanged}
 * (a guest that shut itself down, crashed, or a domain stopped or removed behind the agent's back). Only once they
 * are published are they remembered as told, so a failed round is repeated by the next. Instances a command is
 * working on are left to it.
 */
public final class PowerSync {

    private static final Logger LOG = Logger.getLogger(PowerSync.class);

    private final Fleet fleet;
    private final PowerStates states;
    private final Clock clock;
    private final Consumer<List<? extends Message>> publish;

    /** @param publish sends the changes and returns once they are acknowledged, or throws */
    public PowerSync(Fleet fleet, PowerStates states, Clock clock, Consumer<List<? extends Message>> publish) {
        this.fleet = fleet;
        this.states = states;
        this.clock = clock;
        this.publish = publish;
    }

    /** One round over every host; returns the changes reported. A host that does not answer is skipped. */
    public List<InstancePowerChanged> syncAll() {
        List<InstancePowerChanged> changes = new ArrayList<>();
        for (Host host : fleet.hosts()) {
            try {
                changes.addAll(changesOn(host));
            } catch (RuntimeException e) {
                LOG.warnf("cannot sync the power states of host %s: %s", host.name(), e.getMessage());
            }
        }
        report(changes);
        return changes;
    }

    /** Checks one instance, e.g. when its domain had a lifecycle event; returns the change reported, if any. */
    public List<InstancePowerChanged> syncInstance(Host host, UUID instanceId) {
        List<InstancePowerChanged> changes = new ArrayList<>();
        check(host, instanceId, changes);
        report(changes);
        return changes;
    }

    private List<InstancePowerChanged> changesOn(Host host) {
        List<InstancePowerChanged> changes = new ArrayList<>();
        Set<UUID> present = new HashSet<>(host.hypervisor().list());
        present.forEach(id -> check(host, id, changes));
        states.toldFor(host.name()).keySet().stream()
                .filter(id -> !present.contains(id))
                .forEach(id -> check(host, id, changes)); // gone behind the agent's back
        return changes;
    }

    private void check(Host host, UUID instanceId, List<InstancePowerChanged> changes) {
        if (states.isBusy(instanceId)) {
            return;
        }
        PowerState now = InstancePower.powerStateOf(host.hypervisor().state(instanceId));
        if (states.differs(host.name(), instanceId, now)) {
            changes.add(new InstancePowerChanged(instanceId, host.name(), now, clock.instant()));
        }
    }

    private void report(List<InstancePowerChanged> changes) {
        if (changes.isEmpty()) {
            return;
        }
        publish.accept(changes);
        for (InstancePowerChanged change : changes) {
            LOG.infof("instance %s on host %s is %s", change.instanceId(), change.host(), change.powerState());
            if (change.powerState() == PowerState.NOSTATE) {
                states.forget(change.host(), change.instanceId()); // told it is gone: nothing more to tell
            } else {
                states.told(change.host(), change.instanceId(), change.powerState());
            }
        }
    }
}
