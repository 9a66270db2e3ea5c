package dev.kumo.agent.power;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.messaging.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the {@link PowerSync}: a round at start (which reports the power state of every domain the hosts have,
 * adopted ones included, so the control plane can reconcile after a restart), then every power-sync interval, and
 * a check of one instance whenever libvirt sends a lifecycle event for its domain. All on one thread.
 */
@ApplicationScoped
public class PowerSyncSchedule {

    private static final Logger LOG = Logger.getLogger(PowerSyncSchedule.class);

    private final Fleet fleet;
    private final PowerSync sync;
    private final Duration interval;
    private final Counter reported;
    private volatile ScheduledExecutorService timer;

    public PowerSyncSchedule(Fleet fleet, PowerStates states, EventPublisher publisher, Clock clock,
            AgentConfig config, MeterRegistry metrics) {
        this.fleet = fleet;
        this.sync = new PowerSync(fleet, states, clock, publisher::publishAll);
        this.interval = config.powerSyncInterval();
        this.reported = metrics.counter("kumo.agent.power_changes");
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "power-sync");
            thread.setDaemon(true);
            return thread;
        });
        for (Host host : fleet.hosts()) {
            host.hypervisor().onPowerChange(instanceId -> checkSoon(host, instanceId));
        }
        timer.scheduleWithFixedDelay(() -> run("power-state sync", sync::syncAll), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void checkSoon(Host host, UUID instanceId) {
        ScheduledExecutorService current = timer;
        if (current == null) {
            return;
        }
        try {
            current.execute(() -> run("power-state check of " + instanceId, () -> sync.syncInstance(host, instanceId)));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void run(String what, Supplier<List<?>> round) {
        try {
            reported.increment(round.get().size());
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warnf("%s failed, the next round repeats it: %s", what, e.getMessage());
            }
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
