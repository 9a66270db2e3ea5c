package dev.kumo.agent.hosts;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.messaging.EventPublisher;
import dev.kumo.contracts.Message;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sends the hosts' registrations at start and every registration interval (sooner again after a failed round),
 * and their heartbeats every heartbeat interval, each round as one burst.
 */
@ApplicationScoped
public class ReportSchedule {

    private static final Logger LOG = Logger.getLogger(ReportSchedule.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final HostReports reports;
    private final EventPublisher publisher;
    private final Duration registrationInterval;
    private final Duration heartbeatInterval;
    private volatile ScheduledExecutorService timer;

    public ReportSchedule(HostReports reports, EventPublisher publisher, AgentConfig config) {
        this.reports = reports;
        this.publisher = publisher;
        this.registrationInterval = config.registrationInterval();
        this.heartbeatInterval = config.heartbeatInterval();
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "host-reports");
            thread.setDaemon(true);
            return thread;
        });
        timer.execute(this::register);
        timer.scheduleAtFixedRate(this::heartbeat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void register() {
        boolean sent = send("registrations", reports::registrations);
        ScheduledExecutorService current = timer;
        if (current != null && !current.isShutdown()) {
            current.schedule(this::register, (sent ? registrationInterval : RETRY).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        send("heartbeats", reports::heartbeats);
    }

    private boolean send(String what, Supplier<List<? extends Message>> round) {
        try {
            long started = System.nanoTime();
            List<? extends Message> messages = round.get();
            publisher.publishAll(messages);
            LOG.debugf("sent %d %s in %d ms", (Object) messages.size(), what, (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) { // interrupted: the agent is stopping
                LOG.warnf("could not send the %s: %s", what, e.getMessage());
            }
            return false;
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
