package dev.kumo.agent.hosts;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.messaging.EventPublisher;
import dev.kumo.contracts.Message;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Sends the hosts' registrations at start, then every registration interval those that changed and every
 * registration refresh all of them ({@link RegistrationRounds}; sooner again after a failed round), and their
 * heartbeats every heartbeat interval, each round as one burst.
 */
@ApplicationScoped
public class ReportSchedule {

    private static final Logger LOG = Logger.getLogger(ReportSchedule.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final HostReports reports;
    private final EventPublisher publisher;
    private final Duration registrationInterval;
    private final Duration heartbeatInterval;
    private final RegistrationRounds rounds;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;

    public ReportSchedule(HostReports reports, EventPublisher publisher, AgentConfig config, Clock clock) {
        this.reports = reports;
        this.publisher = publisher;
        this.registrationInterval = config.registrationInterval();
        this.heartbeatInterval = config.heartbeatInterval();
        this.rounds = new RegistrationRounds(config.registrationRefresh());
        this.clock = clock;
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
        Instant now = clock.instant();
        boolean sent = send("registrations", () -> {
            RegistrationRounds.Round round = rounds.next(reports.registrations(), now);
            publisher.publishAll(round.registrations());
            rounds.sent(round, now);
            return round.registrations().size();
        });
        ScheduledExecutorService current = timer;
        if (current != null && !current.isShutdown()) {
            current.schedule(this::register, (sent ? registrationInterval : RETRY).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        send("heartbeats", () -> {
            List<Message> heartbeats = reports.heartbeats();
            publisher.publishAll(heartbeats);
            return heartbeats.size();
        });
    }

    /** Runs a round that publishes and answers how many messages it sent; false (logged) when it failed. */
    private boolean send(String what, IntSupplier round) {
        try {
            long started = System.nanoTime();
            int messages = round.getAsInt();
            LOG.debugf("sent %d %s in %d ms", (Object) messages, what, (System.nanoTime() - started) / 1_000_000);
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
