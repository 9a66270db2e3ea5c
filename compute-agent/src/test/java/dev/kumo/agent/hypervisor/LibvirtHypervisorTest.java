package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;

/** LibvirtHypervisor on libvirt's test driver: needs only the libvirt0 library. */
class LibvirtHypervisorTest {

    private static final Resources NODE = new Resources(8, 16384, 200);

    @TempDir
    Path dir;

    private LibvirtHypervisor host;

    @BeforeEach
    void openPrivateTestHost() {
        host = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-1.xml"), NODE), new TestDomainDefinition(),
                NODE::diskGb);
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void inventoryReflectsTheNodeFile() {
        assertEquals(NODE, host.inventory());
    }

    @Test
    void anotherNodeFileIsAnotherHostWithItsOwnCapacity() {
        Resources small = new Resources(2, 4096, 20);
        try (LibvirtHypervisor other = LibvirtHypervisor.open(TestNode.write(dir.resolve("node-2.xml"), small),
                new TestDomainDefinition(), small::diskGb)) {
            UUID id = UUID.randomUUID();
            other.spawn(spec(id));

            assertEquals(small, other.inventory());
            assertEquals(InstanceState.RUNNING, other.state(id));
            assertEquals(InstanceState.ABSENT, host.state(id));
        }
    }

    @Test
    void spawnDefinesAndStartsTheInstancesDomain() {
        UUID id = UUID.randomUUID();

        host.spawn(spec(id));

        assertEquals(InstanceState.RUNNING, host.state(id));
        assertEquals(List.of(id), host.list());
        assertEquals(List.of(id), host.running());
    }

    @Test
    void spawningTwiceLeavesOneRunningDomain() {
        UUID id = UUID.randomUUID();

        host.spawn(spec(id));
        host.spawn(spec(id));

        assertEquals(InstanceState.RUNNING, host.state(id));
        assertEquals(List.of(id), host.list());
    }

    @Test
    void destroyStopsAndUndefinesTheDomain() {
        UUID id = UUID.randomUUID();
        host.spawn(spec(id));

        host.destroy(id);

        assertEquals(InstanceState.ABSENT, host.state(id));
        assertEquals(List.of(), host.list());
    }

    @Test
    void destroyOfAnAbsentDomainIsFine() {
        UUID id = UUID.randomUUID();

        host.destroy(id);
        host.spawn(spec(id));
        host.destroy(id);
        host.destroy(id);

        assertEquals(InstanceState.ABSENT, host.state(id));
    }

    @Test
    void aStateOfAnUnknownInstanceIsAbsent() {
        assertEquals(InstanceState.ABSENT, host.state(UUID.randomUUID()));
    }

    @Test
    void theConnectionIsOpenUntilClosed() {
        assertTrue(host.isOpen());
        host.close();
        assertFalse(host.isOpen());
        assertThrows(IllegalStateException.class, () -> host.list());
    }

    /** test:///default is shared by every connection of the process: a second connection can set the scene. */
    @Test
    void spawnStartsADefinedButStoppedDomainAndListsOnlyKumoDomains() throws Exception {
        UUID id = UUID.randomUUID();
        Connect operator = new Connect("test:///default");
        try (LibvirtHypervisor shared = LibvirtHypervisor.open("test:///default", new TestDomainDefinition(), () -> 0)) {
            Domain stopped = operator.domainDefineXML(new TestDomainDefinition().xmlFor(spec(id)));
            assertEquals(InstanceState.SHUTDOWN, shared.state(id));

            shared.spawn(spec(id));

            assertEquals(1, stopped.isActive());
            assertEquals(List.of(id), shared.list()); // the driver's own domain "test" is not Kumo's
            shared.destroy(id);
        } finally {
            operator.close();
        }
    }

    @Test
    void aSpawnLibvirtRefusesSaysWhatLibvirtSaid() throws Exception {
        UUID id = UUID.randomUUID();
        Connect operator = new Connect("test:///default");
        try (LibvirtHypervisor shared = LibvirtHypervisor.open("test:///default", new TestDomainDefinition(), () -> 0)) {
            // another domain already has the name kumo-<id>
            Domain squatter = operator.domainDefineXML(new TestDomainDefinition().xmlFor(spec(UUID.randomUUID()))
                    .replaceAll("<name>.*</name>", "<name>kumo-" + id + "</name>"));

            HypervisorException refused = assertThrows(HypervisorException.class, () -> shared.spawn(spec(id)));

            assertTrue(refused.getMessage().startsWith("cannot spawn domain kumo-" + id + ": "), refused.getMessage());
            assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
            squatter.undefine();
        } finally {
            operator.close();
        }
    }

    @Test
    void aDomainStoppedBehindTheAgentsBackIsAnnouncedByALifecycleEvent() throws Exception {
        UUID id = UUID.randomUUID();
        BlockingQueue<UUID> changed = new LinkedBlockingQueue<>();
        Connect operator = new Connect("test:///default");
        try (LibvirtHypervisor shared = LibvirtHypervisor.open("test:///default", new TestDomainDefinition(), () -> 0)) {
            shared.spawn(spec(id));
            shared.onPowerChange(changed::add);

            operator.domainLookupByUUID(id).destroy();

            assertEquals(id, awaitChange(changed, id));
            shared.destroy(id);
        } finally {
            operator.close();
        }
    }

    @Test
    void aClosedHypervisorsListenerHearsNothingMore() throws Exception {
        UUID id = UUID.randomUUID();
        BlockingQueue<UUID> changed = new LinkedBlockingQueue<>();
        Connect operator = new Connect("test:///default");
        try {
            LibvirtHypervisor shared = LibvirtHypervisor.open("test:///default", new TestDomainDefinition(), () -> 0);
            shared.spawn(spec(id));
            shared.onPowerChange(changed::add);
            shared.close();

            operator.domainLookupByUUID(id).destroy();

            assertEquals(null, changed.poll(1, TimeUnit.SECONDS));
        } finally {
            operator.domainLookupByUUID(id).undefine();
            operator.close();
        }
    }

    @Test
    void eachPowerPrimitiveIsOneLibvirtCallOnTheDomain() {
        UUID id = UUID.randomUUID();
        host.spawn(spec(id));

        host.pause(id);
        assertEquals(InstanceState.PAUSED, host.state(id));
        host.unpause(id);
        assertEquals(InstanceState.RUNNING, host.state(id));
        host.reset(id);
        assertEquals(InstanceState.RUNNING, host.state(id));
        host.suspend(id);
        assertEquals(InstanceState.SUSPENDED, host.state(id), "stopped with a managed save");
        host.discardSuspendedState(id);
        assertEquals(InstanceState.SHUTDOWN, host.state(id));
        host.start(id);
        host.requestShutdown(id); // the test driver obeys the power button at once
        assertEquals(InstanceState.SHUTDOWN, host.state(id));
        host.start(id);
        host.powerOff(id);
        assertEquals(InstanceState.SHUTDOWN, host.state(id));
    }

    @Test
    void aPowerPrimitiveOnAnAbsentDomainSaysSo() {
        UUID id = UUID.randomUUID();

        HypervisorException refused = assertThrows(HypervisorException.class, () -> host.start(id));

        assertEquals("cannot start domain kumo-" + id + ": the host has no such domain", refused.getMessage());
    }

    private static UUID awaitChange(BlockingQueue<UUID> changed, UUID expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            UUID next = changed.poll(200, TimeUnit.MILLISECONDS);
            if (expected.equals(next)) {
                return next;
            }
        }
        return null;
    }

    private static InstanceSpec spec(UUID id) {
        return new InstanceSpec(id, "vm-" + id, new Resources(1, 512, 1), null);
    }

    @Test
    void aRunningDomainMigratesLivePeerToPeerAndAStoppedOneOffline() {
        long live = LibvirtHypervisor.migrationFlags(true, false);
        long copying = LibvirtHypervisor.migrationFlags(true, true);
        long offline = LibvirtHypervisor.migrationFlags(false, true);

        long always = org.libvirt.Domain.MigrateFlags.PEER2PEER | org.libvirt.Domain.MigrateFlags.PERSIST_DEST
                | org.libvirt.Domain.MigrateFlags.UNDEFINE_SOURCE;
        org.junit.jupiter.api.Assertions.assertEquals(always | org.libvirt.Domain.MigrateFlags.LIVE, live);
        org.junit.jupiter.api.Assertions.assertEquals(always | org.libvirt.Domain.MigrateFlags.LIVE
                | org.libvirt.Domain.MigrateFlags.NON_SHARED_INC, copying);
        org.junit.jupiter.api.Assertions.assertEquals(always | org.libvirt.Domain.MigrateFlags.OFFLINE, offline);
    }
}
