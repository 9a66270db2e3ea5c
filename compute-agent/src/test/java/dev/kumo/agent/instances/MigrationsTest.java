package dev.kumo.agent.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceMigrated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving instances between two hosts of a simulated fleet on libvirt's test driver. */
class MigrationsTest {

    private static final Resources SMALL = new Resources(1, 512, 1);

    @TempDir
    Path dir;

    private LibvirtHypervisor node1;
    private LibvirtHypervisor node2;
    private Fleet fleet;
    private InstanceCommands commands;

    @BeforeEach
    void twoTestHosts() {
        node1 = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-1.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(dir.resolve("instances")), () -> 40);
        node2 = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-2.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(dir.resolve("instances")), () -> 40);
        fleet = Fleet.of("agent", List.of(new Host("node-1", node1, "test", DomainType.TEST, "test:///node-1"),
                new Host("node-2", node2, "test", DomainType.TEST, "test:///node-2")));
        fleet.open();
        commands = new InstanceCommands(fleet, Clock.fixed(Instant.parse("2025-01-01T12:00:00Z"), ZoneOffset.UTC),
                new SimpleMeterRegistry(), Duration.ofMillis(600), new RecordingImages());
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void aLiveMigrationMovesTheRunningDomainToTheTargetAndRemovesItFromTheSource() {
        UUID id = runningOnNode1();
        UUID migration = UUID.randomUUID();

        InstanceMigrated moved = migrate(id, migration, "node-1", "node-2", MigrationKind.LIVE);

        assertEquals(new InstanceMigrated(id, migration, MigrationKind.LIVE, "node-1", "node-2", PowerState.RUNNING,
                "req-1", null), moved);
        assertEquals(InstanceState.ABSENT, node1.state(id));
        assertEquals(InstanceState.RUNNING, node2.state(id));
    }

    @Test
    void aRedeliveredMoveIsAnsweredAsMovedWithoutDoingItAgain() {
        UUID id = runningOnNode1();
        UUID migration = UUID.randomUUID();
        InstanceMigrated first = migrate(id, migration, "node-1", "node-2", MigrationKind.COLD);

        InstanceMigrated again = migrate(id, migration, "node-1", "node-2", MigrationKind.COLD);

        assertEquals(first, again);
        assertEquals(InstanceState.ABSENT, node1.state(id));
        assertEquals(InstanceState.RUNNING, node2.state(id));
    }

    @Test
    void aStoppedInstanceArrivesStoppedAndARevertBringsItBack() {
        UUID id = runningOnNode1();
        commands.apply(new OperateInstance("node-1", id, PowerOperation.STOP, "req-0"));
        UUID migration = UUID.randomUUID();

        InstanceMigrated moved = migrate(id, migration, "node-1", "node-2", MigrationKind.COLD);
        assertEquals(PowerState.SHUTDOWN, moved.powerState());
        assertEquals(InstanceState.SHUTDOWN, node2.state(id));

        InstanceMigrated back = migrate(id, migration, "node-2", "node-1", MigrationKind.REVERT);

        assertTrue(back.succeeded());
        assertEquals(InstanceState.SHUTDOWN, node1.state(id));
        assertEquals(InstanceState.ABSENT, node2.state(id));
    }

    @Test
    void anInstanceThatIsNotOnTheSourceFailsAndNothingIsDefinedOnTheTarget() {
        UUID id = UUID.randomUUID();

        InstanceMigrated failed = migrate(id, UUID.randomUUID(), "node-1", "node-2", MigrationKind.LIVE);

        assertNotNull(failed.fault());
        assertTrue(failed.fault().contains("not on host node-1"), failed.fault());
        assertEquals(InstanceState.ABSENT, node2.state(id));
    }

    @Test
    void aTargetOnAnotherLibvirtWithoutAUriFailsAndTheDomainStays() {
        UUID id = runningOnNode1();

        InstanceMigrated failed = (InstanceMigrated) commands.apply(new MigrateInstance("node-1", id,
                UUID.randomUUID(), "web", SMALL, "base-image", "elsewhere", null, MigrationKind.LIVE, false,
                "req-2")).orElseThrow();

        assertNotNull(failed.fault());
        assertEquals(InstanceState.RUNNING, node1.state(id));
    }

    private UUID runningOnNode1() {
        UUID id = UUID.randomUUID();
        commands.apply(new SpawnInstance("node-1", id, "web", SMALL, "base-image"));
        return id;
    }

    private InstanceMigrated migrate(UUID id, UUID migration, String from, String to, MigrationKind kind) {
        return (InstanceMigrated) commands.apply(new MigrateInstance(from, id, migration, "web", SMALL, "base-image",
                to, "test:///" + to, kind, false, "req-1")).orElseThrow();
    }
}
