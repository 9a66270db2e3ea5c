package dev.kumo.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that points the application at the JVM-wide in-process Kafka broker:
 * <pre>{@code @QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)}</pre>
 * The broker is shared by every test of the JVM and is not stopped between Quarkus restarts.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.start());
    }

    @Override
    public void stop() {
        // The broker lives for the whole JVM (shutdown hook): restarting it per test class would cost seconds.
    }
}
