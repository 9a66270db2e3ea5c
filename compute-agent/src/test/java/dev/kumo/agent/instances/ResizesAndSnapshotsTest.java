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
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceOperated;
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

/** Resizing and snapshotting instances on libvirt's test driver. */
class ResizesAndSnapshotsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final Resources SMALL = new Resources(1, 512, 1);
    private static final Resources LARGE = new Resources(2, 1024, 1);

    @TempDir
    Path dir;

    private LibvirtHypervisor node;
    private Fleet fleet;
    private RecordingImages images;
    private InstanceCommands commands;

    @BeforeEach
    void oneTestHost() {
        node = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-1.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(dir.resolve("instances")), () -> 40);
        fleet = Fleet.of("agent", List.of(new Host("node-1", node, "test", DomainType.TEST, "test:///node-1")));
        fleet.open();
        images = new RecordingImages();
        commands = new InstanceCommands(fleet, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry(),
                Duration.ofMillis(600), images);
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void aRunningInstanceIsResizedToTheNewResourcesAndRunsAgain() {
        UUID id = running();

        InstanceOperated resized = resize(id, LARGE, PowerOperation.RESIZE, "req-1");

        assertEquals(new InstanceOperated(id, "node-1", PowerOperation.RESIZE, PowerState.RUNNING, "req-1", null),
                resized);
        assertEquals(InstanceState.RUNNING, node.state(id));
        assertDefinedWith(id, LARGE);
    }

    @Test
    void aStoppedInstanceStaysStoppedAndARevertGivesTheOldResourcesBack() {
        UUID id = running();
        commands.apply(new OperateInstance("node-1", id, PowerOperation.STOP, "req-0"));

        resize(id, LARGE, PowerOperation.RESIZE, "req-1");
        assertEquals(InstanceState.SHUTDOWN, node.state(id));
        assertDefinedWith(id, LARGE);

        InstanceOperated reverted = resize(id, SMALL, PowerOperation.REVERT_RESIZE, "req-2");

        assertEquals(new InstanceOperated(id, "node-1", PowerOperation.REVERT_RESIZE, PowerState.SHUTDOWN, "req-2",
                null), reverted);
        assertDefinedWith(id, SMALL);
    }

    @Test
    void aRedeliveredResizeIsAnsweredAsBeforeAndAnAbsentInstanceWithAFault() {
        UUID id = running();
        InstanceOperated first = resize(id, LARGE, PowerOperation.RESIZE, "req-1");
        commands.apply(new OperateInstance("node-1", id, PowerOperation.STOP, "req-2"));

        assertEquals(first, resize(id, LARGE, PowerOperation.RESIZE, "req-1"));
        assertEquals(InstanceState.SHUTDOWN, node.state(id)); // not started again by the redelivery

        UUID absent = UUID.randomUUID();
        assertEquals("Instance " + absent + " is not on host node-1.",
                resize(absent, LARGE, PowerOperation.RESIZE, "req-3").fault());
    }

    @Test
    void aSnapshotCopiesTheInstancesDiskIntoTheNewImage() {
        UUID id = running();

        InstanceOperated answer = snapshot(id, "req-1");

        assertEquals(new InstanceOperated(id, "node-1", PowerOperation.SNAPSHOT, PowerState.RUNNING, "req-1", null),
                answer);
        assertEquals(List.of("base-image -> snap-image"), images.copies);
        assertEquals(List.of(), images.deleted);
    }

    @Test
    void aBackupKeepsOnlyTheNewestOfItsRotation() {
        UUID id = running();
        images.backups.addAll(List.of("backup-3", "backup-2", "backup-1"));

        InstanceOperated answer = (InstanceOperated) commands.apply(new SnapshotInstance("node-1", id, "backup-3",
                "base-image", "req-1", "daily", 2)).orElseThrow();

        assertEquals(null, answer.fault());
        assertEquals(List.of("base-image -> backup-3"), images.copies);
        assertEquals(List.of("backup-1"), images.deleted);
    }

    @Test
    void aFailedSnapshotDeletesTheUnfinishedImageAndSaysWhy() {
        UUID id = running();
        images.refuseCopies = true;

        InstanceOperated answer = snapshot(id, "req-1");

        assertTrue(answer.fault().startsWith("Host node-1 could not snapshot the instance: the image service refused"),
                answer.fault());
        assertEquals(List.of("snap-image"), images.deleted);
        assertEquals(InstanceState.RUNNING, node.state(id));
    }

    private UUID running() {
        UUID id = UUID.randomUUID();
        commands.apply(new SpawnInstance("node-1", id, "web", SMALL, "base-image"));
        return id;
    }

    private InstanceOperated resize(UUID id, Resources resources, PowerOperation operation, String requestId) {
        return (InstanceOperated) commands.apply(new ResizeInstance("node-1", id, "web", resources, "base-image",
                operation, requestId)).orElseThrow();
    }

    private InstanceOperated snapshot(UUID id, String requestId) {
        return (InstanceOperated) commands.apply(new SnapshotInstance("node-1", id, "snap-image", "base-image",
                requestId)).orElseThrow();
    }

    private void assertDefinedWith(UUID id, Resources resources) {
        String xml = node.definitionOf(id).orElseThrow();
        assertTrue(xml.contains(">" + resources.vcpus() + "</vcpu>"), xml);
        assertTrue(xml.contains("<memory unit='KiB'>" + resources.memoryMb() * 1024 + "</memory>"), xml);
    }
}
