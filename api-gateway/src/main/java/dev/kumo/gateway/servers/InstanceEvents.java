package dev.kumo.gateway.servers;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves instances through their states as the scheduler and the hosts report. Every transition checks
 * the state it starts from, so a late or repeated event (a host answering after the build timed out)
 * changes nothing.
 */
@ApplicationScoped
public class InstanceEvents implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(InstanceEvents.class);

    @Override
    public String consumerGroup() {
        return "api-gateway";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.INSTANCE_EVENTS);
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof InstanceScheduled scheduled) {
            scheduled(scheduled);
        } else if (message.payload() instanceof InstanceActive active) {
            active(active);
        } else if (message.payload() instanceof InstanceBuildFailed failed) {
            failed(failed);
        } else if (message.payload() instanceof InstanceDestroyed destroyed) {
            destroyed(destroyed);
        }
    }

    private void scheduled(InstanceScheduled event) {
        building(event.instanceId()).ifPresent(instance -> {
            instance.host = event.host();
            if (TaskState.SCHEDULING.equals(instance.taskState)) {
                instance.taskState = TaskState.SPAWNING;
            }
            instance.updatedAt = Instant.now();
        });
    }

    private void active(InstanceActive event) {
        building(event.instanceId()).ifPresent(instance -> {
            instance.vmState = VmState.ACTIVE;
            if (!instance.isDeleting()) {
                instance.taskState = null;
            }
            instance.powerState = PowerState.RUNNING;
            instance.host = event.host();
            instance.launchedAt = event.launchedAt();
            instance.updatedAt = Instant.now();
            LOG.infof("instance %s is ACTIVE on %s", instance.id, instance.host);
        });
    }

    private void failed(InstanceBuildFailed event) {
        building(event.instanceId()).ifPresent(instance -> {
            boolean deleting = instance.isDeleting();
            instance.fail(event.code(), event.reason(), Instant.now());
            if (deleting) {
                instance.taskState = TaskState.DELETING;
            }
            if (event.host() != null) {
                instance.host = event.host();
            }
            LOG.infof("instance %s failed to build: %s", instance.id, event.reason());
        });
    }

    private void destroyed(InstanceDestroyed event) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && instance.isDeleting())
                .ifPresent(instance -> {
                    Instant now = Instant.now();
                    instance.vmState = VmState.DELETED;
                    instance.taskState = null;
                    instance.powerState = PowerState.NOSTATE;
                    instance.deletedAt = now;
                    instance.updatedAt = now;
                    LOG.infof("instance %s deleted", instance.id);
                });
    }

    private static java.util.Optional<Instance> building(UUID id) {
        return Instance.forUpdate(id).filter(instance -> instance.deletedAt == null && instance.isBuilding());
    }
}
