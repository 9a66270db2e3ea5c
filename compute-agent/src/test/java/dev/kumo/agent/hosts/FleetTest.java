package dev.kumo.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.contracts.Resources;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTest {

    @TempDir
    Path stateDir;

    @Test
    void aSimulatedFleetIsNumberedAfterTheHostName() {
        Fleet fleet = fleetOf(config(Map.of("kumo.agent.host-name", "rack7", "kumo.agent.simulated-hosts", "3")));

        assertEquals(Set.of("rack7-0001", "rack7-0002", "rack7-0003"), fleet.names());
        assertEquals("rack7", fleet.agentName());
    }

    @Test
    void withoutSimulationTheAgentRunsOneHostNamedAfterTheMachine() throws Exception {
        Fleet fleet = fleetOf(config(Map.of()));

        assertEquals(Set.of(LocalHostName.get()), fleet.names());
        assertTrue(!LocalHostName.get().isBlank());
    }

    @Test
    void eachSimulatedHostHasItsOwnTestHypervisorWithTheConfiguredCapacity() {
        Fleet fleet = fleetOf(config(Map.of("kumo.agent.host-name", "sim", "kumo.agent.simulated-hosts", "2",
                "kumo.agent.test.vcpus", "4", "kumo.agent.test.memory-mb", "8192", "kumo.agent.test.disk-gb", "100")));
        try {
            fleet.open();
            Host first = fleet.host("sim-0001").orElseThrow();
            Host second = fleet.host("sim-0002").orElseThrow();
            UUID id = UUID.randomUUID();

            first.hypervisor().spawn(new InstanceSpec(id, "one", new Resources(1, 256, 1), null));

            assertEquals(InstanceState.RUNNING, first.hypervisor().state(id));
            assertEquals(InstanceState.ABSENT, second.hypervisor().state(id));
            assertEquals(new Resources(4, 8192, 100), second.hypervisor().inventory());
            assertEquals("test://" + stateDir.resolve("hosts/sim-0002.xml"), second.libvirtUri());
            assertTrue(Files.exists(stateDir.resolve("hosts/sim-0001.xml")));
            assertEquals(DomainType.TEST, second.domainType());
            assertEquals("test", second.hypervisorType());
            assertTrue(fleet.isOpen());
        } finally {
            fleet.close();
        }
    }

    @Test
    void aRestartedFleetFindsItsInstancesAgainAsARealHostsLibvirtdWouldKeepThem() {
        Map<String, String> settings = Map.of("kumo.agent.host-name", "sim", "kumo.agent.simulated-hosts", "2");
        UUID running = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        Fleet before = fleetOf(config(settings));
        try {
            before.open();
            Hypervisor second = before.host("sim-0002").orElseThrow().hypervisor();
            second.spawn(new InstanceSpec(running, "one", new Resources(1, 256, 1), null));
            second.spawn(new InstanceSpec(paused, "two", new Resources(1, 256, 1), null));
            second.pause(paused);
        } finally {
            before.close();
        }

        Fleet after = fleetOf(config(settings));
        try {
            after.open();
            Hypervisor second = after.host("sim-0002").orElseThrow().hypervisor();
            assertEquals(InstanceState.RUNNING, second.state(running));
            assertEquals(InstanceState.PAUSED, second.state(paused));
            assertEquals(List.of(), after.host("sim-0001").orElseThrow().hypervisor().list());
        } finally {
            after.close();
        }
    }

    @Test
    void simulatedHostsNeedTheTestHypervisor() {
        AgentConfig qemuFleet = config(Map.of("kumo.agent.hypervisor", "qemu", "kumo.agent.simulated-hosts", "5"));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> fleetOf(qemuFleet));
        assertEquals("kumo.agent.simulated-hosts needs kumo.agent.hypervisor=test", refused.getMessage());
    }

    @Test
    void aFleetIsOnlyOpenOnceItsHostsAreConnected() {
        Fleet fleet = Fleet.of("nobody", List.of());

        assertEquals(false, fleet.isOpen());
    }

    private AgentConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("kumo.agent.state-dir", stateDir.toString());
        all.put("kumo.agent.heartbeat-interval", "PT10S");
        all.put("kumo.agent.registration-interval", "PT60S");
        all.put("kumo.agent.registration-refresh", "PT10M");
        all.put("kumo.agent.shutdown-timeout", "PT60S");
        all.put("kumo.agent.power-sync-interval", "PT60S");
        return new SmallRyeConfigBuilder()
                .withMapping(AgentConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build()
                .getConfigMapping(AgentConfig.class);
    }

    /** Test-driver fleets never touch images: no image service behind them. */
    private static Fleet fleetOf(dev.kumo.agent.AgentConfig config) {
        return new Fleet(config, null, java.time.Clock.systemUTC());
    }
}
