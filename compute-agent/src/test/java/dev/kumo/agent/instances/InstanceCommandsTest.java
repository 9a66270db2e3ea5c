package dev.kumo.agent.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.agent.hypervisor.HypervisorException;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceCommandsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Resources SMALL = new Resources(1, 512, 1);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RefusingHypervisor broken = new RefusingHypervisor();
    private LibvirtHypervisor node1;
    private LibvirtHypervisor node3;
    private Fleet fleet;
    private InstanceCommands commands;

    @BeforeEach
    void fleetOfTwoWorkingHostsAndABrokenOne() {
        node1 = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-1.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(), () -> 40);
        node3 = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-3.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(), () -> 40);
        fleet = Fleet.of("agent", List.of(
                new Host("node-1", node1, "test", DomainType.TEST, "test:///node-1"),
                new Host("node-2", broken, "test", DomainType.TEST, "test:///node-2"),
                new Host("node-3", node3, "test", DomainType.TEST, "test:///node-3")));
        fleet.open();
        commands = new InstanceCommands(fleet, Clock.fixed(NOW, ZoneOffset.UTC), metrics, Duration.ofSeconds(1),
                new RecordingImages());
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void aSpawnedInstanceIsReportedActiveWithItsDomain() {
        UUID id = UUID.randomUUID();

        Optional<?> event = commands.apply(new SpawnInstance("node-1", id, "web", SMALL, null));

        assertEquals(Optional.of(new InstanceActive(id, "node-1", "kumo-" + id, NOW)), event);
        assertEquals(InstanceState.RUNNING, node1.state(id));
        assertEquals(1.0, metrics.counter("kumo.agent.spawns").count());
        assertEquals(1, metrics.timer("kumo.agent.spawn.duration").count());
    }

    @Test
    void aSpawnTheHypervisorRefusesIsReportedWithHostCauseAndCommandAndLeavesNothingBehind() {
        UUID id = UUID.randomUUID();
        SpawnInstance spawn = new SpawnInstance("node-2", id, "web", SMALL, null);

        Optional<?> event = commands.apply(spawn);

        InstanceSpawnFailed failed = (InstanceSpawnFailed) event.orElseThrow();
        assertEquals(id, failed.instanceId());
        assertEquals("node-2", failed.host());
        assertEquals(spawn, failed.spawn());
        assertEquals("Host node-2 could not spawn the instance: cannot spawn domain kumo-" + id
                + ": internal error: process exited while connecting to monitor", failed.reason());
        assertEquals(List.of(id), broken.destroyed);
        assertEquals(1.0, metrics.counter("kumo.agent.failures", "operation", "spawn").count());
    }

    @Test
    void aSpawnWithoutMemoryFailsTheBuildInsteadOfReachingLibvirt() {
        UUID id = UUID.randomUUID();

        Optional<?> event = commands.apply(new SpawnInstance("node-1", id, "web", new Resources(1, 0, 1), null));

        InstanceSpawnFailed failed = (InstanceSpawnFailed) event.orElseThrow();
        assertTrue(failed.reason().startsWith("Host node-1 could not spawn the instance: "), failed.reason());
        assertEquals(InstanceState.ABSENT, node1.state(id));
    }

    @Test
    void aSpawnForAnInstanceDestroyedHereBeforeDoesNotBringItBack() {
        UUID id = UUID.randomUUID();
        SpawnInstance spawn = new SpawnInstance("node-1", id, "web", SMALL, null);
        commands.apply(spawn);
        commands.apply(new DestroyInstance("node-1", id));

        Optional<?> replayed = commands.apply(spawn);

        assertEquals(Optional.empty(), replayed);
        assertEquals(InstanceState.ABSENT, node1.state(id));
    }

    @Test
    void anInstanceDestroyedOnOneHostMayStillBeSpawnedOnAnotherHostOfTheAgent() {
        UUID id = UUID.randomUUID();
        commands.apply(new SpawnInstance("node-1", id, "web", SMALL, null));
        commands.apply(new DestroyInstance("node-1", id));

        Optional<?> moved = commands.apply(new SpawnInstance("node-3", id, "web", SMALL, null));

        assertEquals(Optional.of(new InstanceActive(id, "node-3", "kumo-" + id, NOW)), moved);
        assertEquals(InstanceState.RUNNING, node3.state(id));
        assertEquals(InstanceState.ABSENT, node1.state(id));
    }

    @Test
    void aTombstoneWrittenBeforeHostsWereRecordedCountsForEveryHost() throws Exception {
        UUID id = UUID.randomUUID();
        Path file = dir.resolve("state/legacy-destroyed-instances");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, id + "\n");

        Tombstones read = Tombstones.in(file);

        assertTrue(read.isDestroyed("node-1", id));
        assertTrue(read.isDestroyed("node-2", id));
    }

    @Test
    void aTombstoneIsKeptPerHostAcrossRestarts() {
        UUID id = UUID.randomUUID();
        Path file = dir.resolve("state/per-host-destroyed-instances");
        Tombstones.in(file).record("node-1", id);

        Tombstones read = Tombstones.in(file);

        assertTrue(read.isDestroyed("node-1", id));
        assertFalse(read.isDestroyed("node-2", id));
    }

    @Test
    void destroyedInstancesAreRememberedAcrossRestartsOfTheAgent() {
        UUID id = UUID.randomUUID();
        Path file = dir.resolve("state/destroyed-instances");
        Tombstones.in(file).record("node-1", id);

        InstanceCommands restarted = new InstanceCommands(fleet, Tombstones.in(file), ActionOutcomes.inMemory(),
                Clock.fixed(NOW, ZoneOffset.UTC), metrics, Duration.ofSeconds(1), new PowerStates(), new RecordingImages(), Optional.empty());

        assertEquals(Optional.empty(), restarted.apply(new SpawnInstance("node-1", id, "web", SMALL, null)));
        assertEquals(InstanceState.ABSENT, node1.state(id));
    }

    @Test
    void aDestroyedInstanceIsReportedGoneEvenIfItWasNeverThere() {
        UUID spawned = UUID.randomUUID();
        commands.apply(new SpawnInstance("node-1", spawned, "web", SMALL, null));

        assertEquals(Optional.of(new InstanceDestroyed(spawned, "node-1")),
                commands.apply(new DestroyInstance("node-1", spawned)));
        UUID never = UUID.randomUUID();
        assertEquals(Optional.of(new InstanceDestroyed(never, "node-1")),
                commands.apply(new DestroyInstance("node-1", never)));
        assertEquals(InstanceState.ABSENT, node1.state(spawned));
        assertEquals(2.0, metrics.counter("kumo.agent.destroys").count());
    }

    @Test
    void aDestroyTheHypervisorRefusesIsNotReportedButThrownToBeRetried() {
        broken.refuseDestroy = true;

        assertThrows(HypervisorException.class, () -> commands.apply(new DestroyInstance("node-2", UUID.randomUUID())));
        assertEquals(1.0, metrics.counter("kumo.agent.failures", "operation", "destroy").count());
    }

    @Test
    void otherMessagesAreNotCommands() {
        assertEquals(Optional.empty(), commands.apply(new HostHeartbeat("node-1", NOW, 0)));
    }

    /** A host whose hypervisor refuses to start anything, as a QEMU that cannot start would. */
    private static final class RefusingHypervisor implements Hypervisor {

        final List<UUID> destroyed = new ArrayList<>();
        boolean refuseDestroy;

        @Override
        public Resources inventory() {
            return new Resources(1, 1024, 1);
        }

        @Override
        public void spawn(InstanceSpec spec) {
            throw new HypervisorException("cannot spawn domain " + spec.domainName()
                    + ": internal error: process exited while connecting to monitor", null);
        }

        @Override
        public dev.kumo.agent.hypervisor.Diagnostics diagnostics(UUID instanceId) {
            throw new HypervisorException("instance " + instanceId + " has no domain", null);
        }

        @Override
        public void redefine(InstanceSpec spec) {
            throw new HypervisorException("cannot redefine domain " + spec.domainName() + ": broken", null);
        }

        @Override
        public void destroy(UUID instanceId) {
            if (refuseDestroy) {
                throw new HypervisorException("cannot destroy domain kumo-" + instanceId + ": broken", null);
            }
            destroyed.add(instanceId);
        }

        @Override
        public InstanceState state(UUID instanceId) {
            return InstanceState.ABSENT;
        }

        @Override
        public void start(UUID instanceId) {
            throw refused("start", instanceId);
        }

        @Override
        public void requestShutdown(UUID instanceId) {
            throw refused("shut down", instanceId);
        }

        @Override
        public void powerOff(UUID instanceId) {
            throw refused("power off", instanceId);
        }

        @Override
        public void reset(UUID instanceId) {
            throw refused("reset", instanceId);
        }

        @Override
        public void pause(UUID instanceId) {
            throw refused("pause", instanceId);
        }

        @Override
        public void unpause(UUID instanceId) {
            throw refused("unpause", instanceId);
        }

        @Override
        public void suspend(UUID instanceId) {
            throw refused("suspend", instanceId);
        }

        @Override
        public void discardSuspendedState(UUID instanceId) {
            throw refused("discard the saved state of", instanceId);
        }

        @Override
        public Optional<Path> consoleLog(UUID instanceId) {
            return Optional.empty();
        }

        private static HypervisorException refused(String what, UUID instanceId) {
            return new HypervisorException("cannot " + what + " domain kumo-" + instanceId + ": broken", null);
        }

        @Override
        public List<UUID> list() {
            return List.of();
        }

        @Override
        public List<UUID> running() {
            return List.of();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
