package dev.kumo.agent.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partitions of a topic keyed by host name carry a host's records: the one Kafka's default partitioner
 * picks for the key, murmur2 of its UTF-8 bytes, made positive, modulo the partition count. Reading exactly
 * those partitions lets an agent get its hosts' commands without joining a consumer group's rebalances.
 */
public final class HostPartitions {

    private HostPartitions() {
    }

    public static int partitionOf(String host, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** The partitions of the topic that carry the records of any of the hosts. */
    public static Set<TopicPartition> of(String topic, Collection<String> hosts, int partitionCount) {
        Set<TopicPartition> partitions = new TreeSet<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        for (String host : hosts) {
            partitions.add(new TopicPartition(topic, partitionOf(host, partitionCount)));
        }
        return partitions;
    }
}
