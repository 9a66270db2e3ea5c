package dev.kumo.agent.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainRecords;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstancePowerChanged;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/**
 * The power-state sync on test:///default, which every connection of the process shares: a second connection
 * plays the operator who runs {@code virsh destroy} behind the agent's back.
 */
class PowerSyncTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private final List<Message> published = new ArrayList<>();
    private final PowerStates states = new PowerStates();
    private LibvirtHypervisor hypervisor;
    private Connect operator;
    private PowerSync sync;
    private boolean kafkaDown;

    @BeforeEach
    void agentAndOperatorOnTheSameHypervisor() throws Exception {
        hypervisor = LibvirtHypervisor.open("test:///default", new TestDomainDefinition(), () -> 0);
        operator = new Connect("test:///default");
        Fleet fleet = Fleet.of("agent", List.of(new Host("host-1", hypervisor, "test", DomainType.TEST,
                "test:///default")));
        fleet.open();
        sync = new PowerSync(fleet, states, Clock.fixed(NOW, ZoneOffset.UTC), messages -> {
            if (kafkaDown) {
                throw new IllegalStateException("Kafka did not acknowledge a message");
            }
            published.addAll(messages);
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        hypervisor.list().forEach(hypervisor::destroy);
        hypervisor.close();
        operator.close();
    }

    @Test
    void theFirstRoundReportsEveryInstanceAndTheNextOnlyChanges() {
        UUID running = spawn();
        UUID paused = spawn();
        hypervisor.pause(paused);

        assertEquals(List.of(changed(running, PowerState.RUNNING), changed(paused, PowerState.PAUSED)),
                sorted(sync.syncAll()));
        assertEquals(List.of(), sync.syncAll());
        assertEquals(2, published.size());
    }

    @Test
    void aDomainDestroyedBehindTheAgentsBackIsReportedShutdown() throws Exception {
        UUID id = spawn();
        sync.syncAll();

        Domain domain = operator.domainLookupByUUID(id);
        domain.destroy(); // virsh destroy

        assertEquals(List.of(changed(id, PowerState.SHUTDOWN)), sync.syncAll());
        assertEquals(List.of(), sync.syncAll());
    }

    @Test
    void aDomainUndefinedBehindTheAgentsBackIsReportedWithoutState() throws Exception {
        UUID id = spawn();
        sync.syncAll();

        Domain domain = operator.domainLookupByUUID(id);
        domain.destroy();
        domain.undefine();

        assertEquals(List.of(changed(id, PowerState.NOSTATE)), sync.syncAll());
        assertEquals(List.of(), sync.syncAll(), "told once that it is gone");
    }

    @Test
    void whatACommandAlreadyReportedIsNotReportedAgain() {
        UUID id = spawn();
        states.told("host-1", id, PowerState.RUNNING); // the spawn's instance.active said so

        assertEquals(List.of(), sync.syncAll());
    }

    @Test
    void anInstanceItsDestroyAlreadyReportedGoneIsNotReportedAgainByTheLifecycleEventsThatFollow() {
        UUID id = spawn();
        states.told("host-1", id, PowerState.RUNNING);
        hypervisor.destroy(id);
        states.forget("host-1", id); // the destroy's instance.destroyed said so

        Host host = new Host("host-1", hypervisor, "test", DomainType.TEST, "test:///default");
        assertEquals(List.of(), sync.syncInstance(host, id), "the domain's stopped event");
        assertEquals(List.of(), sync.syncInstance(host, id), "and its undefined event");
        assertEquals(List.of(), published);
    }

    @Test
    void anInstanceACommandIsWorkingOnIsLeftToTheCommand() {
        UUID id = spawn();
        states.busy(id);

        assertEquals(List.of(), sync.syncAll());
        states.idle(id);
        assertEquals(List.of(changed(id, PowerState.RUNNING)), sync.syncAll());
    }

    @Test
    void changesThatCouldNotBePublishedAreReportedByTheNextRound() {
        UUID id = spawn();
        kafkaDown = true;

        assertThrows(IllegalStateException.class, sync::syncAll);
        kafkaDown = false;

        assertEquals(List.of(changed(id, PowerState.RUNNING)), sync.syncAll());
    }

    @Test
    void oneInstanceCanBeCheckedOnItsOwnAsALifecycleEventAsks() throws Exception {
        UUID id = spawn();
        UUID other = spawn();
        sync.syncAll();
        operator.domainLookupByUUID(id).suspend();
        operator.domainLookupByUUID(other).suspend();

        Host host = new Host("host-1", hypervisor, "test", DomainType.TEST, "test:///default");
        assertEquals(List.of(changed(id, PowerState.PAUSED)), sync.syncInstance(host, id));
    }

    @Test
    void afterARestartTheFirstRoundReportsTheAdoptedDomainsSoTheControlPlaneCanReconcile(@TempDir Path dir) {
        String node = TestNode.write(dir.resolve("node.xml"), new Resources(4, 8192, 40));
        UUID running = UUID.randomUUID();
        UUID stopped = UUID.randomUUID();
        try (LibvirtHypervisor before = LibvirtHypervisor.open(node, new TestDomainDefinition(), () -> 40,
                DomainRecords.in(dir.resolve("domains")))) {
            before.spawn(new InstanceSpec(running, "vm", new Resources(1, 128, 1), null));
            before.spawn(new InstanceSpec(stopped, "vm", new Resources(1, 128, 1), null));
            before.powerOff(stopped);
        }

        LibvirtHypervisor restarted = LibvirtHypervisor.open(node, new TestDomainDefinition(), () -> 40,
                DomainRecords.in(dir.resolve("domains")));
        Fleet fleet = Fleet.of("agent", List.of(new Host("host-1", restarted, "test", DomainType.TEST, node)));
        fleet.open();
        try {
            PowerSync afterRestart = new PowerSync(fleet, new PowerStates(), Clock.fixed(NOW, ZoneOffset.UTC),
                    published::addAll);

            assertEquals(List.of(changed(running, PowerState.RUNNING), changed(stopped, PowerState.SHUTDOWN)),
                    sorted(afterRestart.syncAll()));
        } finally {
            fleet.close();
        }
    }

    private UUID spawn() {
        UUID id = UUID.randomUUID();
        hypervisor.spawn(new InstanceSpec(id, "vm", new Resources(1, 128, 1), null));
        return id;
    }

    private static InstancePowerChanged changed(UUID id, PowerState state) {
        return new InstancePowerChanged(id, "host-1", state, NOW);
    }

    private static List<InstancePowerChanged> sorted(List<InstancePowerChanged> changes) {
        return changes.stream().sorted((a, b) -> a.powerState().compareTo(b.powerState())).toList();
    }
}
