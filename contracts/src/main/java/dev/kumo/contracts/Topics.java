package dev.kumo.contracts;

import java.util.List;

/**
 * Every Kafka topic of Kumo, with its key and partition count. See docs/architecture.md.
 */
public final class Topics {

    /** Requests about one instance, api-gateway to scheduler. Key: instance id. */
    public static final String INSTANCE_REQUESTS = "kumo.instance.requests";

    /** What happened to one instance, from the scheduler and the agents. Key: instance id. */
    public static final String INSTANCE_EVENTS = "kumo.instance.events";

    /**
     * Commands to the compute agent of one host. Key: host name, so all commands for a host keep
     * their order and land on the one partition that host's agent reads.
     */
    public static final String HOST_COMMANDS = "kumo.host.commands";

    /** Registrations and heartbeats of hosts, agents to scheduler. Key: host name. */
    public static final String HOST_EVENTS = "kumo.host.events";

    /** Messages no consumer could handle after retries, kept for an operator. Key: original key. */
    public static final String DEAD_LETTERS = "kumo.dead-letters";
    /** image-service → anyone who caches images (compute agents); key: image id. */
    public static final String IMAGE_EVENTS = "kumo.image.events";

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(INSTANCE_REQUESTS, 16),
            new TopicSpec(INSTANCE_EVENTS, 16),
            new TopicSpec(HOST_COMMANDS, 64),
            new TopicSpec(HOST_EVENTS, 16),
            new TopicSpec(DEAD_LETTERS, 4),
            new TopicSpec(IMAGE_EVENTS, 8));

    private Topics() {
    }

    /** A topic and the partitions it is created with. */
    public record TopicSpec(String name, int partitions) {
    }
}
