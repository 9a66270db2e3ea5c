package dev.kumo.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void startsOnceAndRoundTripsARecord() throws Exception {
        String servers = new KafkaTestResource().start().get("kafka.bootstrap.servers");
        assertSame(servers, KafkaBroker.start(), "the broker is a JVM singleton");
        assertTrue(KafkaBroker.isRunning());

        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic("kumo.test.roundtrip", 3, (short) 1))).all().get();
            assertTrue(admin.listTopics().names().get().contains("kumo.test.roundtrip"));
            // Production-like: topics are never created implicitly.
            ExecutionException missing = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(Set.of("kumo.test.never-created")).allTopicNames().get());
            assertTrue(missing.getCause() instanceof UnknownTopicOrPartitionException);
        }

        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("kumo.test.roundtrip", "server-1", "{\"status\":\"ACTIVE\"}")).get();
        }

        Properties c = new Properties();
        c.putAll(common);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "kumo-test");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of("kumo.test.roundtrip"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
        }
        assertEquals(1, got.size());
        assertEquals("server-1", got.get(0).key());
        assertEquals("{\"status\":\"ACTIVE\"}", got.get(0).value());
    }

    @Test
    void brokerConfigMirrorsProductionAndCanBeOverridden() {
        Map<String, String> cfg = KafkaBroker.brokerConfig();
        assertEquals("false", cfg.get("auto.create.topics.enable"));
        assertEquals("16", cfg.get("num.partitions"));
        System.setProperty("kumo.test.kafka.num.partitions", "2");
        try {
            assertEquals("2", KafkaBroker.brokerConfig().get("num.partitions"));
        } finally {
            System.clearProperty("kumo.test.kafka.num.partitions");
        }
    }
}
