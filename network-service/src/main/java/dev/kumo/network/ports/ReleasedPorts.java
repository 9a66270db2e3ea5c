package dev.kumo.network.ports;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstancePortsReleased;
import dev.kumo.network.securitygroups.PortRuleChanges;
import dev.kumo.network.securitygroups.PortRuleUpdates;
import dev.kumo.contracts.Message;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A deleted server's ports, as the gateway releases them ({@code instance.ports-released}): the ports made for the
 * server are deleted (their addresses go back to the pool), the tenant's own ports are unbound and kept, as Neutron
 * does when Nova deletes a server. Only ports still attached to that server are touched, so a late or repeated
 * message cannot take a port that has moved on.
 */
@ApplicationScoped
public class ReleasedPorts implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(ReleasedPorts.class);

    private final Ports ports;
    private final PortRuleUpdates portRules;
    private final Event<PortChanged> portChanges;

    public ReleasedPorts(Ports ports, PortRuleUpdates portRules, Event<PortChanged> portChanges) {
        this.ports = ports;
        this.portRules = portRules;
        this.portChanges = portChanges;
    }

    @Override
    public String consumerGroup() {
        return "network-service";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.INSTANCE_EVENTS);
    }

    /** The instance events are mostly other services' business: only a release touches ports. */
    @Override
    public boolean handles(Class<? extends Message> type) {
        return type == InstancePortsReleased.class;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof InstancePortsReleased released) {
            String device = released.instanceId().toString();
            PortRuleChanges ruleChanges = new PortRuleChanges();
            released.delete().forEach(id -> attachedTo(id, device).ifPresent(port -> {
                ruleChanges.membersOf(port.securityGroups);
                ports.delete(port);
                LOG.infof("port %s of deleted instance %s deleted", id, device);
            }));
            released.unbind().forEach(id -> attachedTo(id, device).ifPresent(port -> {
                PortChanged.Binding before = PortChanged.Binding.of(port);
                port.deviceId = "";
                port.deviceOwner = "";
                port.bindingHostId = "";
                port.status = Ports.statusOf(port);
                port.revisionNumber++;
                portChanges.fire(PortChanged.updated(port, before));
                LOG.infof("port %s of deleted instance %s unbound", id, device);
            }));
            portRules.publish(ruleChanges);
        }
    }

    private static Optional<Port> attachedTo(String id, String device) {
        UUID portId;
        try {
            portId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Port.<Port>findByIdOptional(portId).filter(port -> device.equals(port.deviceId));
    }
}
