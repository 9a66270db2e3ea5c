package dev.kumo.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker running inside this JVM, started once per JVM and shared by every test
 * (starting takes ~1.5 s, ~200 MB). Stopped by a shutdown hook.
 *
 * <p>Broker settings mirror {@code deploy/kafka/server.properties} ({@code auto.create.topics.enable=false},
 * 16 partitions per topic, replication factor 1), so a service that forgets to create its topics fails in tests
 * as it would in production. Override any broker property with a system property
 * {@code kumo.test.kafka.<broker.property>}, e.g. {@code -Dkumo.test.kafka.auto.create.topics.enable=true}.
 */
public final class KafkaBroker {

    /** Prefix of system properties that override broker properties. */
    public static final String OVERRIDE_PREFIX = "kumo.test.kafka.";

    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    private KafkaBroker() {
    }

    /** Starts the broker if it is not running yet and returns its bootstrap servers ({@code host:port}). */
    public static synchronized String start() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        Path baseDir = null;
        KafkaClusterTestKit kit = null;
        try {
            baseDir = Files.createTempDirectory("kumo-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDir)
                    // a released metadata version, like a real broker (the test kit defaults to an unstable one)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
            brokerConfig().forEach(builder::setConfigProp);
            kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            bootstrapServers = kit.bootstrapServers();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop, "kumo-kafka-broker-stop"));
            return bootstrapServers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(kit);
            throw new IllegalStateException("interrupted while starting the in-JVM Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(kit);
            throw new IllegalStateException("could not start the in-JVM Kafka broker (base directory " + baseDir + ")", e);
        }
    }

    /** Bootstrap servers of the running broker, starting it if needed. */
    public static String bootstrapServers() {
        return start();
    }

    /** Whether the broker of this JVM is running. */
    public static synchronized boolean isRunning() {
        return bootstrapServers != null;
    }

    /** Stops the broker (normally left to the shutdown hook). A later {@link #start()} starts a new one. */
    public static synchronized void stop() {
        KafkaClusterTestKit kit = cluster;
        cluster = null;
        bootstrapServers = null;
        closeQuietly(kit);
    }

    /** Broker properties: production-like defaults, tuned for speed, then system property overrides. */
    static Map<String, String> brokerConfig() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "16");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("unstable.api.versions.enable", "false");
        props.put("unstable.feature.versions.enable", "false");
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(OVERRIDE_PREFIX))
                .forEach(name -> props.put(name.substring(OVERRIDE_PREFIX.length()), System.getProperty(name)));
        return props;
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (Exception e) {
            System.err.println("[kumo-test-support] error while stopping the Kafka broker: " + e);
        }
    }
}
