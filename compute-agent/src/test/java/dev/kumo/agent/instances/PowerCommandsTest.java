package dev.kumo.agent.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
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

/** Server actions on libvirt's test driver: each power operation, its idempotence, and what the answer says. */
class PowerCommandsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Resources SMALL = new Resources(1, 512, 1);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(600);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private LibvirtHypervisor node1;
    private DeafGuests node2;
    private Fleet fleet;
    private InstanceCommands commands;

    @BeforeEach
    void fleetOfTwoTestHostsOneWithGuestsThatIgnoreThePowerButton() {
        node1 = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-1.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(dir.resolve("instances")), () -> 40);
        node2 = new DeafGuests(LibvirtHypervisor.open(TestNode.write(dir.resolve("node-2.xml"),
                new Resources(4, 8192, 40)), new TestDomainDefinition(dir.resolve("instances")), () -> 40));
        fleet = Fleet.of("agent", List.of(
                new Host("node-1", node1, "test", DomainType.TEST, "test:///node-1"),
                new Host("node-2", node2, "test", DomainType.TEST, "test:///node-2")));
        fleet.open();
        commands = new InstanceCommands(fleet, Clock.fixed(NOW, ZoneOffset.UTC), metrics, SHUTDOWN_TIMEOUT,
                new RecordingImages());
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void stopShutsTheInstanceDownAndAStopRedeliveredOrRepeatedChangesNothing() {
        UUID id = running("node-1");

        assertEquals(succeeded(id, "node-1", PowerOperation.STOP, PowerState.SHUTDOWN, "req-1"),
                operate("node-1", id, PowerOperation.STOP, "req-1"));
        assertEquals(InstanceState.SHUTDOWN, node1.state(id));

        assertEquals(succeeded(id, "node-1", PowerOperation.STOP, PowerState.SHUTDOWN, "req-1"),
                operate("node-1", id, PowerOperation.STOP, "req-1"));
        assertEquals(succeeded(id, "node-1", PowerOperation.STOP, PowerState.SHUTDOWN, "req-2"),
                operate("node-1", id, PowerOperation.STOP, "req-2"));
        assertEquals(InstanceState.SHUTDOWN, node1.state(id));
        assertEquals(2.0, metrics.counter("kumo.agent.operations", "operation", "stop").count());
    }

    @Test
    void aGuestThatIgnoresThePowerButtonIsPoweredOffAfterTheShutdownTimeout() {
        UUID id = running("node-2");
        long started = System.nanoTime();

        InstanceOperated stopped = operate("node-2", id, PowerOperation.STOP, "req-1");

        assertEquals(PowerState.SHUTDOWN, stopped.powerState());
        assertEquals(null, stopped.fault());
        assertEquals(1, node2.powerButtonPresses);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(SHUTDOWN_TIMEOUT) >= 0,
                "powered off only after the guest had its time");
    }

    @Test
    void startBootsAStoppedInstanceAndLeavesARunningOneAlone() {
        UUID id = running("node-1");
        operate("node-1", id, PowerOperation.STOP, "req-1");

        assertEquals(succeeded(id, "node-1", PowerOperation.START, PowerState.RUNNING, "req-2"),
                operate("node-1", id, PowerOperation.START, "req-2"));
        assertEquals(succeeded(id, "node-1", PowerOperation.START, PowerState.RUNNING, "req-3"),
                operate("node-1", id, PowerOperation.START, "req-3"));
        assertEquals(InstanceState.RUNNING, node1.state(id));
    }

    @Test
    void pauseFreezesTheInstanceAndUnpauseThawsItEachIdempotent() {
        UUID id = running("node-1");

        assertEquals(PowerState.PAUSED, operate("node-1", id, PowerOperation.PAUSE, "req-1").powerState());
        assertEquals(PowerState.PAUSED, operate("node-1", id, PowerOperation.PAUSE, "req-2").powerState());
        assertEquals(InstanceState.PAUSED, node1.state(id));

        assertEquals(PowerState.RUNNING, operate("node-1", id, PowerOperation.UNPAUSE, "req-3").powerState());
        assertEquals(PowerState.RUNNING, operate("node-1", id, PowerOperation.UNPAUSE, "req-4").powerState());
        assertEquals(InstanceState.RUNNING, node1.state(id));
    }

    @Test
    void suspendSavesTheInstanceToDiskAndResumeRestoresItEachIdempotent() {
        UUID id = running("node-1");

        assertEquals(succeeded(id, "node-1", PowerOperation.SUSPEND, PowerState.SUSPENDED, "req-1"),
                operate("node-1", id, PowerOperation.SUSPEND, "req-1"));
        assertEquals(PowerState.SUSPENDED, operate("node-1", id, PowerOperation.SUSPEND, "req-2").powerState());
        assertEquals(InstanceState.SUSPENDED, node1.state(id));
        assertEquals(List.of(), node1.running());

        assertEquals(succeeded(id, "node-1", PowerOperation.RESUME, PowerState.RUNNING, "req-3"),
                operate("node-1", id, PowerOperation.RESUME, "req-3"));
        assertEquals(PowerState.RUNNING, operate("node-1", id, PowerOperation.RESUME, "req-4").powerState());
        assertEquals(InstanceState.RUNNING, node1.state(id));
    }

    @Test
    void startRestoresASuspendedInstanceAndStopDiscardsItsSavedState() {
        UUID restored = running("node-1");
        operate("node-1", restored, PowerOperation.SUSPEND, "req-1");
        UUID discarded = running("node-1");
        operate("node-1", discarded, PowerOperation.SUSPEND, "req-2");

        assertEquals(PowerState.RUNNING, operate("node-1", restored, PowerOperation.START, "req-3").powerState());
        assertEquals(PowerState.SHUTDOWN, operate("node-1", discarded, PowerOperation.STOP, "req-4").powerState());
        assertEquals(InstanceState.SHUTDOWN, node1.state(discarded));
    }

    @Test
    void aSoftRebootLeavesTheInstanceRunningAndARedeliveredOneRebootsOnlyOnce() throws Exception {
        UUID id = running("node-1");

        InstanceOperated first = operate("node-1", id, PowerOperation.REBOOT_SOFT, "req-1");
        InstanceOperated redelivered = operate("node-1", id, PowerOperation.REBOOT_SOFT, "req-1");

        assertEquals(succeeded(id, "node-1", PowerOperation.REBOOT_SOFT, PowerState.RUNNING, "req-1"), first);
        assertEquals(first, redelivered);
        assertEquals(InstanceState.RUNNING, node1.state(id));
        assertEquals(1, lifecycleLines(id).stream().filter(line -> line.contains(" rebooted ")).count());
        assertEquals(1.0, metrics.counter("kumo.agent.operations", "operation", "reboot_soft").count());
    }

    @Test
    void aRebootRedeliveredAfterARestartOfTheAgentIsAnsweredWithoutRebootingAgain() throws Exception {
        Path file = dir.resolve("state/server-actions");
        InstanceCommands before = new InstanceCommands(fleet, Tombstones.inMemory(), ActionOutcomes.in(file, 100),
                Clock.fixed(NOW, ZoneOffset.UTC), metrics, SHUTDOWN_TIMEOUT, new PowerStates(), new RecordingImages(), java.util.Optional.empty());
        UUID id = running("node-1");
        OperateInstance reboot = new OperateInstance("node-1", id, PowerOperation.REBOOT_HARD, "req-1");
        Message answered = before.apply(reboot).orElseThrow();

        InstanceCommands restarted = new InstanceCommands(fleet, Tombstones.inMemory(), ActionOutcomes.in(file, 100),
                Clock.fixed(NOW, ZoneOffset.UTC), metrics, SHUTDOWN_TIMEOUT, new PowerStates(), new RecordingImages(), java.util.Optional.empty());

        assertEquals(answered, restarted.apply(reboot).orElseThrow());
        assertEquals(1, lifecycleLines(id).stream().filter(line -> line.contains(" rebooted (hard) ")).count());
    }

    @Test
    void aGuestThatIgnoresASoftRebootIsResetAfterTheShutdownTimeout() {
        UUID id = running("node-2");

        InstanceOperated rebooted = operate("node-2", id, PowerOperation.REBOOT_SOFT, "req-1");

        assertEquals(succeeded(id, "node-2", PowerOperation.REBOOT_SOFT, PowerState.RUNNING, "req-1"), rebooted);
        assertEquals(1, node2.powerButtonPresses);
        assertEquals(1, node2.resets);
    }

    @Test
    void aHardRebootBringsUpARunningStoppedPausedOrSuspendedInstance() {
        for (PowerOperation before : List.of(PowerOperation.START, PowerOperation.STOP, PowerOperation.PAUSE,
                PowerOperation.SUSPEND)) {
            UUID id = running("node-1");
            operate("node-1", id, before, "req-before-" + id);

            InstanceOperated rebooted = operate("node-1", id, PowerOperation.REBOOT_HARD, "req-" + id);

            assertEquals(succeeded(id, "node-1", PowerOperation.REBOOT_HARD, PowerState.RUNNING, "req-" + id),
                    rebooted, "after " + before);
            assertEquals(InstanceState.RUNNING, node1.state(id), "after " + before);
        }
    }

    @Test
    void anOperationTheStateForbidsIsRefusedWithTheReasonAndTheStateItLeaves() {
        UUID id = running("node-1");
        operate("node-1", id, PowerOperation.STOP, "req-1");

        InstanceOperated refused = operate("node-1", id, PowerOperation.PAUSE, "req-2");

        assertEquals(new InstanceOperated(id, "node-1", PowerOperation.PAUSE, PowerState.SHUTDOWN, "req-2",
                "Cannot pause the instance while its power state is SHUTDOWN."), refused);
        assertEquals(InstanceState.SHUTDOWN, node1.state(id));
        assertEquals(1.0, metrics.counter("kumo.agent.failures", "operation", "pause").count());
    }

    @Test
    void anOperationOnAnInstanceTheHostDoesNotHaveIsAnsweredWithAFault() {
        UUID elsewhere = running("node-2");
        UUID destroyed = running("node-1");
        commands.apply(new DestroyInstance("node-1", destroyed));

        assertEquals(new InstanceOperated(elsewhere, "node-1", PowerOperation.STOP, PowerState.NOSTATE, "req-1",
                "Instance " + elsewhere + " is not on host node-1."), operate("node-1", elsewhere, PowerOperation.STOP,
                "req-1"));
        assertEquals(new InstanceOperated(destroyed, "node-1", PowerOperation.START, PowerState.NOSTATE, "req-2",
                "Instance " + destroyed + " is not on host node-1."), operate("node-1", destroyed, PowerOperation.START,
                "req-2"));
        assertEquals(InstanceState.RUNNING, node2.state(elsewhere));
    }

    @Test
    void anOperationTheHypervisorCannotApplyIsAnsweredWithLibvirtsWords() {
        UUID id = running("node-1");
        node1.close(); // libvirt gone: every call fails

        InstanceOperated answer = operate("node-1", id, PowerOperation.STOP, "req-1");

        assertEquals(PowerState.NOSTATE, answer.powerState());
        assertTrue(answer.fault().startsWith("Host node-1 could not stop the instance: "), answer.fault());
        assertEquals(1.0, metrics.counter("kumo.agent.failures", "operation", "stop").count());
    }

    @Test
    void aTestHostsConsoleLogTellsTheInstancesLifeAndIsRemovedWithIt() throws Exception {
        UUID id = running("node-1");
        operate("node-1", id, PowerOperation.STOP, "req-1");
        operate("node-1", id, PowerOperation.STOP, "req-2"); // already stopped: nothing happened, nothing logged
        operate("node-1", id, PowerOperation.START, "req-3");

        assertEquals(List.of(
                "kumo: instance " + id + " defined as domain kumo-" + id + " with 1 vCPU, 512 MiB RAM and 1 GiB disk"
                        + " on host node-1 at 2025-01-01T12:00:00Z",
                "kumo: instance " + id + " started on host node-1 at 2025-01-01T12:00:00Z",
                "kumo: instance " + id + " stopped on host node-1 at 2025-01-01T12:00:00Z",
                "kumo: instance " + id + " started on host node-1 at 2025-01-01T12:00:00Z"), lifecycleLines(id));

        commands.apply(new DestroyInstance("node-1", id));
        assertTrue(node1.consoleLog(id).isPresent());
        assertTrue(!Files.exists(node1.consoleLog(id).orElseThrow().getParent()), "the instance directory is gone");
    }

    @Test
    void aRebuildRecreatesTheDomainRunningAndARedeliveredRebuildIsAnsweredNotRedone() throws Exception {
        UUID id = running("node-1");

        InstanceOperated rebuilt = rebuild(id, "req-rebuild");

        assertEquals(succeeded(id, "node-1", PowerOperation.REBUILD, PowerState.RUNNING, "req-rebuild"), rebuilt);
        assertEquals(InstanceState.RUNNING, node1.state(id));
        long rebuilds = lifecycleLines(id).stream().filter(line -> line.contains("rebuilt")).count();
        assertEquals(1, rebuilds);

        assertEquals(rebuilt, rebuild(id, "req-rebuild"));
        assertEquals(1, lifecycleLines(id).stream().filter(line -> line.contains("rebuilt")).count());
    }

    @Test
    void aStoppedInstanceIsRebuiltStopped() {
        UUID id = running("node-1");
        operate("node-1", id, PowerOperation.STOP, "req-stop");

        InstanceOperated rebuilt = rebuild(id, "req-rebuild");

        assertEquals(succeeded(id, "node-1", PowerOperation.REBUILD, PowerState.SHUTDOWN, "req-rebuild"), rebuilt);
        assertEquals(InstanceState.SHUTDOWN, node1.state(id));
    }

    @Test
    void aRebuildOfAnInstanceThisHostDoesNotHaveIsRefusedWithAFault() {
        InstanceOperated answer = rebuild(UUID.randomUUID(), "req-x");

        assertEquals(PowerState.NOSTATE, answer.powerState());
        org.junit.jupiter.api.Assertions.assertTrue(answer.fault().contains("is not on host node-1"), answer.fault());
    }

    private InstanceOperated rebuild(UUID id, String requestId) {
        return (InstanceOperated) commands.apply(new dev.kumo.contracts.host.RebuildInstance("node-1", id, "vm", SMALL,
                "image-2", requestId)).orElseThrow();
    }

    private UUID running(String host) {
        UUID id = UUID.randomUUID();
        Message active = commands.apply(new SpawnInstance(host, id, "vm", SMALL, null)).orElseThrow();
        assertEquals("InstanceActive", active.getClass().getSimpleName(), active.toString());
        return id;
    }

    private InstanceOperated operate(String host, UUID id, PowerOperation operation, String requestId) {
        return (InstanceOperated) commands.apply(new OperateInstance(host, id, operation, requestId)).orElseThrow();
    }

    private static InstanceOperated succeeded(UUID id, String host, PowerOperation operation, PowerState state,
            String requestId) {
        return new InstanceOperated(id, host, operation, state, requestId, null);
    }

    private List<String> lifecycleLines(UUID id) throws Exception {
        return Files.readAllLines(node1.consoleLog(id).orElseThrow());
    }
}
