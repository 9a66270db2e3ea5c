package dev.kumo.platform.messaging;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.Topics.TopicSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates Kumo's topics when they are missing; any service may do it, the first one wins. */
@ApplicationScoped
public class TopicProvisioner {

    private final KafkaClients kafka;
    private final short replicationFactor;

    public TopicProvisioner(KafkaClients kafka,
            @ConfigProperty(name = "kumo.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.kafka = kafka;
        this.replicationFactor = replicationFactor;
    }

    public void ensureTopics() throws ExecutionException, InterruptedException {
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(this::newTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private NewTopic newTopic(TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), replicationFactor);
    }
}
