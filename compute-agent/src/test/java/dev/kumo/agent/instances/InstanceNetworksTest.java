package dev.kumo.agent.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.hypervisor.LibvirtHypervisor;
import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.agent.hypervisor.TestDomainDefinition;
import dev.kumo.agent.hypervisor.TestNode;
import dev.kumo.agent.networking.NetworkBackend;
import dev.kumo.agent.networking.NetworkingException;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.PortRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the commands plug and unplug an instance's tenant networks, relative to its domain. */
class InstanceNetworksTest {

    private static final Resources SMALL = new Resources(1, 512, 1);
    private static final GuestNic NIC = new GuestNic("port-1", "net-1", null, "fa:16:3e:00:00:01", null, List.of(),
            List.of());

    @TempDir
    Path dir;

    private final RecordingNetworks networks = new RecordingNetworks();
    private LibvirtHypervisor node;
    private Fleet fleet;
    private InstanceCommands commands;

    @BeforeEach
    void oneHostWithTenantNetworks() {
        node = LibvirtHypervisor.open(TestNode.write(dir.resolve("node.xml"), new Resources(4, 8192, 40)),
                new TestDomainDefinition(), () -> 40);
        fleet = Fleet.of("agent", List.of(new Host("node", node, "test", DomainType.TEST, "test:///node", networks)));
        fleet.open();
        commands = new InstanceCommands(fleet, Clock.systemUTC(), new SimpleMeterRegistry(), Duration.ofSeconds(1),
                new RecordingImages());
        networks.node = node;
    }

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void theNicsArePluggedBeforeTheDomainExistsAndUnpluggedAfterItIsGone() {
        UUID id = UUID.randomUUID();

        commands.apply(spawn(id));
        commands.apply(new DestroyInstance("node", id));

        assertEquals(List.of("plug " + id + " [port-1] with domain ABSENT", "unplug " + id + " with domain ABSENT"),
                networks.calls);
    }

    @Test
    void aSpawnWhoseNetworksCannotBeMadeFailsWithTheReasonAndLeavesNothingBehind() {
        UUID id = UUID.randomUUID();
        networks.refusePlug = true;

        InstanceSpawnFailed failed = (InstanceSpawnFailed) commands.apply(spawn(id)).orElseThrow();

        assertTrue(failed.reason().contains("dnsmasq did not start"), failed.reason());
        assertEquals(InstanceState.ABSENT, node.state(id));
        assertEquals("unplug " + id + " with domain ABSENT", networks.calls.get(networks.calls.size() - 1));
    }

    @Test
    void changedRulesReachThePortsHostAndAnswerNothing() {
        UUID id = UUID.randomUUID();
        List<PortRule> rules = List.of(PortRule.any(PortRule.Direction.EGRESS, PortRule.Ethertype.IPv4));

        Optional<?> answer = commands.apply(new UpdatePortRules("node", id, "port-1", rules));

        assertEquals(Optional.empty(), answer);
        assertEquals(List.of("rules " + id + " port-1 " + rules.size()), networks.calls);
    }

    @Test
    void aRoutersStateReachesTheHostsNetworksAndAnswersNothing() {
        UpdateRouter router = new UpdateRouter("node", "router-1", "acme", null, List.of(), List.of(), 3, false);

        Optional<?> answer = commands.apply(router);

        assertEquals(Optional.empty(), answer);
        assertEquals(List.of("router router-1 revision 3"), networks.calls);
    }

    private static SpawnInstance spawn(UUID id) {
        return new SpawnInstance("node", id, "web", SMALL, null, new GuestConfig("acme", "web", "nova", 0, null, null,
                null, Map.of(), List.of(NIC)));
    }

    /** Records what the commands asked of the host's networks, and whether the domain existed then. */
    private static final class RecordingNetworks implements NetworkBackend {

        final List<String> calls = new ArrayList<>();
        LibvirtHypervisor node;
        boolean refusePlug;

        @Override
        public void plug(UUID instanceId, List<GuestNic> nics) {
            calls.add("plug " + instanceId + " " + nics.stream().map(GuestNic::portId).toList() + " with domain "
                    + node.state(instanceId));
            if (refusePlug) {
                throw new NetworkingException("dnsmasq did not start");
            }
        }

        @Override
        public List<QemuGuest.Interface> interfaces(UUID instanceId) {
            return List.of();
        }

        @Override
        public void updateRules(UUID instanceId, String portId, List<PortRule> rules) {
            calls.add("rules " + instanceId + " " + portId + " " + rules.size());
        }

        @Override
        public void unplug(UUID instanceId) {
            calls.add("unplug " + instanceId + " with domain " + node.state(instanceId));
        }

        @Override
        public void updateRouter(UpdateRouter update) {
            calls.add("router " + update.routerId() + " revision " + update.revision());
        }

        @Override
        public void reconcile(Collection<UUID> instancesWithDomains) {
            calls.add("reconcile " + instancesWithDomains);
        }
    }
}
