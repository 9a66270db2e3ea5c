package dev.kumo.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Brings a service's messaging up in the background: creates missing topics (retrying until the broker
 * answers), then starts the outbox relay and each {@link MessageHandler}'s consumer loops. The service
 * is ready once all of them run.
 */
@ApplicationScoped
@Readiness
public class Messaging implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(Messaging.class);

    private final TopicProvisioner topics;
    private final OutboxRelay relay;
    private final Instance<MessageHandler> handlers;
    private final KafkaClients kafka;
    private final Inbox inbox;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final Duration inboxRetention;
    private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean stopping;

    public Messaging(TopicProvisioner topics, OutboxRelay relay, Instance<MessageHandler> handlers,
            KafkaClients kafka, Inbox inbox, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.messaging.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "kumo.inbox.retention", defaultValue = "P7D") Duration inboxRetention) {
        this.topics = topics;
        this.relay = relay;
        this.handlers = handlers;
        this.kafka = kafka;
        this.inbox = inbox;
        this.metrics = metrics;
        this.enabled = enabled;
        this.inboxRetention = inboxRetention;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Thread starter = new Thread(this::startWhenBrokerAnswers, "messaging-start");
        starter.setDaemon(true);
        starter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        loops.forEach(ConsumerLoop::stop);
        relay.stop();
    }

    private void startWhenBrokerAnswers() {
        while (!stopping) {
            try {
                topics.ensureTopics();
                break;
            } catch (Exception e) {
                LOG.infof("waiting for Kafka at %s: %s", kafka.bootstrapServers(), e.getMessage());
                sleep(2000);
            }
        }
        if (stopping) {
            return;
        }
        relay.start();
        for (MessageHandler handler : handlers) {
            for (int i = 0; i < Math.max(1, handler.consumers()); i++) {
                ConsumerLoop loop = new ConsumerLoop(handler, i, kafka, inbox, metrics);
                loops.add(loop);
                Thread thread = new Thread(loop, "consumer-" + handler.consumerGroup() + (i == 0 ? "" : "-" + i));
                thread.setDaemon(true);
                thread.start();
            }
        }
        started = true;
        LOG.infof("messaging started: relay and %d consumer(s)", loops.size());
    }

    @Scheduled(every = "1h", delayed = "1m")
    void forgetOldDeliveries() {
        inbox.forgetOlderThan(Instant.now().minus(inboxRetention));
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !enabled || (started && relay.isRunning() && loops.stream().allMatch(ConsumerLoop::isPolling));
        return HealthCheckResponse.named("kumo-messaging")
                .status(up)
                .withData("consumers", loops.size())
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
