package dev.kumo.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kumo.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HostPartitionsTest {

    @Test
    void picksThePartitionKafkasProducerPicksForTheHostName() {
        List<String> hosts = IntStream.range(0, 5000).mapToObj(i -> "compute-" + i).collect(Collectors.toList());
        hosts.addAll(List.of("", "a", "kumo-agent", "host-0001", "hôte-ünïcode", "節點-7"));
        for (int partitions : new int[] {1, 3, 16, 64, 100}) {
            for (String host : hosts) {
                int producers = BuiltInPartitioner.partitionForKey(host.getBytes(StandardCharsets.UTF_8), partitions);
                assertEquals(producers, HostPartitions.partitionOf(host, partitions), host + " of " + partitions);
            }
        }
    }

    @Test
    void anAgentReadsEachPartitionOfItsHostsOnce() {
        List<String> fleet = IntStream.rangeClosed(1, 1000).mapToObj(i -> "sim-%04d".formatted(i)).toList();

        Set<TopicPartition> partitions = HostPartitions.of(Topics.HOST_COMMANDS, fleet, 64);

        Set<Integer> expected = fleet.stream().map(host -> HostPartitions.partitionOf(host, 64)).collect(Collectors.toSet());
        assertEquals(expected, partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
        assertEquals(expected.size(), partitions.size());
    }

    @Test
    void oneHostNeedsOnePartition() {
        assertEquals(Set.of(new TopicPartition(Topics.HOST_COMMANDS, HostPartitions.partitionOf("node-1", 64))),
                HostPartitions.of(Topics.HOST_COMMANDS, List.of("node-1"), 64));
    }

    @Test
    void aTopicHasAtLeastOnePartition() {
        assertThrows(IllegalArgumentException.class, () -> HostPartitions.partitionOf("node-1", 0));
    }
}
