package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * api-gateway asks the scheduler to rebuild an instance of a down host on another one, from its image: the
 * {@code rebuild} request says what to build (resources, image, guest, group), {@code targetHost} is the admin's
 * choice or null, {@code force} skips the filters for it. {@code requestId} ties the outcome to the instance action.
 */
@Contract(type = "instance.evacuate", topic = Topics.INSTANCE_REQUESTS)
public record EvacuateInstance(
        UUID instanceId,
        String sourceHost,
        String targetHost,
        boolean force,
        BuildInstance rebuild,
        String requestId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
