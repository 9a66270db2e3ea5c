package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test-driver hypervisor forgets everything when its connection closes; with domain records, the next one opened
 * on the same node file and records has the same domains in the same power states, as a restarted real host would.
 */
class DomainAdoptionTest {

    private static final Resources NODE = new Resources(8, 16384, 200);

    @TempDir
    Path dir;

    @Test
    void aReopenedTestHypervisorHasTheSameDomainsInTheSamePowerStates() {
        Map<String, UUID> ids = Map.of("running", UUID.randomUUID(), "paused", UUID.randomUUID(),
                "stopped", UUID.randomUUID(), "suspended", UUID.randomUUID());
        try (LibvirtHypervisor before = open()) {
            ids.values().forEach(id -> before.spawn(spec(id)));
            before.pause(ids.get("paused"));
            before.powerOff(ids.get("stopped"));
            before.suspend(ids.get("suspended"));
        }

        try (LibvirtHypervisor after = open()) {
            assertEquals(InstanceState.RUNNING, after.state(ids.get("running")));
            assertEquals(InstanceState.PAUSED, after.state(ids.get("paused")));
            assertEquals(InstanceState.SHUTDOWN, after.state(ids.get("stopped")));
            assertEquals(InstanceState.SUSPENDED, after.state(ids.get("suspended")));
            assertEquals(4, after.list().size());
            after.start(ids.get("suspended"));
            assertEquals(InstanceState.RUNNING, after.state(ids.get("suspended")), "its saved state restores");
        }
    }

    @Test
    void theAdoptedDomainKeepsItsDefinition() {
        UUID id = UUID.randomUUID();
        try (LibvirtHypervisor before = open()) {
            before.spawn(new InstanceSpec(id, "db <primary>", new Resources(2, 768, 1), null));
        }

        String xml = DomainRecords.in(dir.resolve("domains")).all().get(0).xml();
        try (LibvirtHypervisor after = open()) {
            assertEquals(List.of(id), after.list());
        }
        DomainXml domain = new DomainXml(xml);
        assertEquals("kumo-" + id, domain.text("/domain/name"));
        assertEquals("2", domain.text("/domain/vcpu"));
        assertEquals("db <primary>", domain.text("/domain/metadata/k:instance/k:name"));
    }

    @Test
    void aDestroyedInstanceIsForgottenAndStaysGone() {
        UUID kept = UUID.randomUUID();
        UUID destroyed = UUID.randomUUID();
        try (LibvirtHypervisor before = open()) {
            before.spawn(spec(kept));
            before.spawn(spec(destroyed));
            before.destroy(destroyed);
        }

        try (LibvirtHypervisor after = open()) {
            assertEquals(List.of(kept), after.list());
        }
        assertFalse(Files.exists(dir.resolve("domains").resolve(destroyed + ".xml")));
        assertTrue(Files.exists(dir.resolve("domains").resolve(kept + ".state")));
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheOthersAdopted() throws Exception {
        UUID good = UUID.randomUUID();
        try (LibvirtHypervisor before = open()) {
            before.spawn(spec(good));
        }
        Files.writeString(dir.resolve("domains").resolve(UUID.randomUUID() + ".state"), "RUNNING\n"); // no XML
        Files.writeString(dir.resolve("domains").resolve("junk.state"), "SIDEWAYS\n");

        try (LibvirtHypervisor after = open()) {
            assertEquals(List.of(good), after.list());
        }
    }

    private LibvirtHypervisor open() {
        return LibvirtHypervisor.open(TestNode.write(dir.resolve("node.xml"), NODE), new TestDomainDefinition(),
                NODE::diskGb, DomainRecords.in(dir.resolve("domains")));
    }

    private static InstanceSpec spec(UUID id) {
        return new InstanceSpec(id, "vm-" + id, new Resources(1, 512, 1), null);
    }
}
