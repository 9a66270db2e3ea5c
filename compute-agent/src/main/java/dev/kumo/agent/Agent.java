package dev.kumo.agent;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hosts.ReportSchedule;
import dev.kumo.agent.instances.InstanceCommands;
import dev.kumo.agent.messaging.CommandConsumer;
import dev.kumo.agent.messaging.EventPublisher;
import dev.kumo.agent.messaging.KafkaClients;
import dev.kumo.agent.power.PowerSyncSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Brings the agent up in the background, in order: connect the hosts' hypervisors (retrying until libvirt
 * answers), read the hosts' commands (once Kafka and the topic are there), then register the hosts, start
 * their heartbeats and the power-state sync. The HTTP endpoints answer from the first moment; readiness tells
 * when all of it runs.
 */
@ApplicationScoped
public class Agent {

    private static final Logger LOG = Logger.getLogger(Agent.class);
    private static final long RETRY_MILLIS = 5000;
    private static final long SHUTDOWN_GRACE_MILLIS = 10_000;

    private final Fleet fleet;
    private final KafkaClients kafka;
    private final EventPublisher publisher;
    private final InstanceCommands commands;
    private final ReportSchedule reports;
    private final PowerSyncSchedule powerSync;
    private final MeterRegistry metrics;
    private volatile CommandConsumer consumer;
    private volatile Thread commandThread;
    private volatile boolean stopping;

    public Agent(Fleet fleet, KafkaClients kafka, EventPublisher publisher, InstanceCommands commands,
            ReportSchedule reports, PowerSyncSchedule powerSync, MeterRegistry metrics) {
        this.fleet = fleet;
        this.kafka = kafka;
        this.publisher = publisher;
        this.commands = commands;
        this.reports = reports;
        this.powerSync = powerSync;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        daemon("agent-start", this::start).start();
    }

    /** Lets the command in hand finish before the hypervisor connections close. */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        reports.stop();
        powerSync.stop();
        CommandConsumer current = consumer;
        if (current != null) {
            current.stop();
            commandThread.join(SHUTDOWN_GRACE_MILLIS);
        }
    }

    private void start() {
        if (!openFleet()) {
            return;
        }
        reconcileNetworks();
        CommandConsumer commandConsumer = new CommandConsumer(kafka, publisher, commands, fleet.names(),
                consumerGroup(), metrics);
        commandConsumer.assigned().thenRun(reports::start).thenRun(powerSync::start);
        commandThread = daemon("host-commands", commandConsumer);
        consumer = commandConsumer;
        commandThread.start();
    }

    /** Before any command: the tenant networks' host side as the domains that survived need it, nothing more. */
    private void reconcileNetworks() {
        for (Host host : fleet.hosts()) {
            try {
                host.networks().reconcile(host.hypervisor().list());
            } catch (RuntimeException e) {
                LOG.errorf("cannot reconcile the tenant networks of host %s: %s", host.name(), e.getMessage());
            }
        }
    }

    private boolean openFleet() {
        while (!stopping) {
            try {
                fleet.open();
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("cannot open the hosts yet, retrying in %d s: %s", RETRY_MILLIS / 1000, e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** The agent's consumer group: stable for a host name, so a restarted agent resumes where it stopped. */
    public String consumerGroup() {
        return "compute-agent-" + fleet.agentName();
    }

    /** Whether the hypervisors are connected and the commands are being read. */
    public boolean isReady() {
        CommandConsumer current = consumer;
        return current != null && current.isPolling() && fleet.isOpen();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
