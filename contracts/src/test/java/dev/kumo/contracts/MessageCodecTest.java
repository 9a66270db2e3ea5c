package dev.kumo.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.host.HostHeartbeats;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.contracts.instance.AttachedPort;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.FailedAttempt;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.RequestedNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void aMessageSurvivesTheRoundTrip() {
        BuildInstance build = new BuildInstance(UUID.randomUUID(), "acme", "alice", "web-1", "1",
                new Resources(1, 128, 1), "cirros", Instant.parse("2026-11-26T10:00:00Z"),
                new PlacementHints(UUID.randomUUID(), "anti-affinity", null));

        Message decoded = codec.decode("instance.build", codec.encode(build));

        assertEquals(build, decoded);
    }

    @Test
    void aBuildCarriesItsRequestedNetworksAndABuildFromBeforeThemHasNone() {
        BuildInstance build = new BuildInstance(UUID.randomUUID(), "acme", "alice", "web-1", "1",
                new Resources(1, 128, 1), "cirros", null, PlacementHints.NONE, GuestConfig.NONE,
                List.of(RequestedNetwork.onNetwork("net-1", "10.0.0.7", List.of("sg-1")),
                        RequestedNetwork.existingPort("port-9")));

        BuildInstance decoded = (BuildInstance) codec.decode("instance.build", codec.encode(build));

        assertEquals(build, decoded);
        assertTrue(decoded.networks().get(1).isExistingPort());
        String old = "{\"instanceId\":\"" + UUID.randomUUID() + "\",\"projectId\":\"acme\",\"name\":\"x\"}";
        assertEquals(List.of(), ((BuildInstance) codec.decode("instance.build",
                old.getBytes(StandardCharsets.UTF_8))).networks());
    }

    @Test
    void anActiveInstanceReportsThePortsItIsPluggedInto() {
        InstanceActive active = new InstanceActive(UUID.randomUUID(), "h1", "kumo-x", Instant.now(),
                List.of(new AttachedPort("port-1", "net-1", "private", "fa:16:3e:00:00:01",
                        List.of("10.0.0.5", "fd00::5"), true)));

        assertEquals(active, codec.decode("instance.active", codec.encode(active)));
        String old = "{\"instanceId\":\"" + UUID.randomUUID() + "\",\"host\":\"h1\"}";
        assertEquals(List.of(), ((InstanceActive) codec.decode("instance.active",
                old.getBytes(StandardCharsets.UTF_8))).ports());
    }

    @Test
    void aSpawnCarriesTheGuestsConfigurationThrough() {
        GuestConfig guest = new GuestConfig("acme", "web-1", "nova", 2, "alice-key", "ssh-ed25519 AAAA alice",
                "I2Nsb3VkLWNvbmZpZw==", java.util.Map.of("role", "web \"front\""));
        SpawnInstance spawn = new SpawnInstance("h1", UUID.randomUUID(), "web-1", new Resources(1, 128, 1),
                "cirros", guest);

        SpawnInstance decoded = (SpawnInstance) codec.decode("host.spawn-instance", codec.encode(spawn));

        assertEquals(spawn, decoded);
        assertEquals("web \"front\"", decoded.guestConfig().metadata().get("role"));
    }

    @Test
    void aSpawnFromBeforeGuestConfigurationHasAnEmptyOne() {
        String json = "{\"host\":\"h1\",\"instanceId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"x\",\"resources\":{\"vcpus\":1,\"memoryMb\":1,\"diskGb\":1},\"imageRef\":null}";

        SpawnInstance decoded = (SpawnInstance) codec.decode("host.spawn-instance", json.getBytes(StandardCharsets.UTF_8));

        assertEquals(GuestConfig.NONE, decoded.guestConfig());
    }

    @Test
    void aSpawnCarriesTheGuestsNicsWithTheirAddressesAndResolvedRules() {
        GuestNic nic = new GuestNic("5f1c2a3b-0000-4000-8000-000000000001", "net-1", "vx1234", "fa:16:3e:00:00:01",
                1450, List.of(new GuestNic.FixedIp("sub-1", "10.0.0.5", "10.0.0.0/24", "10.0.0.1",
                        List.of("192.0.2.53"), true, "10.0.0.2")),
                List.of(new PortRule(PortRule.Direction.INGRESS, PortRule.Ethertype.IPv4, "tcp", 22, 22, "10.0.0.7/32"),
                        PortRule.any(PortRule.Direction.EGRESS, PortRule.Ethertype.IPv6)));
        GuestConfig guest = new GuestConfig("acme", "web-1", "nova", 0, null, null, null, Map.of(), List.of(nic));
        SpawnInstance spawn = new SpawnInstance("h1", UUID.randomUUID(), "web-1", new Resources(1, 128, 1), "cirros",
                guest);

        SpawnInstance decoded = (SpawnInstance) codec.decode("host.spawn-instance", codec.encode(spawn));

        assertEquals(spawn, decoded);
        GuestNic decodedNic = decoded.guestConfig().nics().get(0);
        assertEquals(1450, decodedNic.mtu());
        assertEquals("10.0.0.2", decodedNic.fixedIps().get(0).dhcpServer());
        assertEquals(PortRule.Ethertype.IPv6, decodedNic.rules().get(1).ethertype());
        assertEquals(null, decodedNic.rules().get(1).protocol());
    }

    @Test
    void aGuestConfigurationWithoutNicsDecodesToNone() {
        String json = "{\"projectId\":\"acme\",\"launchIndex\":0,\"metadata\":{}}";
        String spawnJson = "{\"host\":\"h1\",\"instanceId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"x\",\"resources\":{\"vcpus\":1,\"memoryMb\":1,\"diskGb\":1},\"imageRef\":null,"
                + "\"guest\":" + json + "}";

        SpawnInstance decoded = (SpawnInstance) codec.decode("host.spawn-instance",
                spawnJson.getBytes(StandardCharsets.UTF_8));

        assertEquals("acme", decoded.guestConfig().projectId());
        assertEquals(List.of(), decoded.guestConfig().nics());
        assertEquals(List.of(), GuestConfig.NONE.nics());
    }

    @Test
    void anUpdateOfPortRulesTravelsOnTheHostCommandsKeyedByHost() {
        UpdatePortRules update = new UpdatePortRules("h7", UUID.randomUUID(), "port-1",
                List.of(new PortRule(PortRule.Direction.INGRESS, PortRule.Ethertype.IPv4, "icmp", 8, null, null)));

        Message decoded = codec.decode("host.update-port-rules", codec.encode(update));

        assertEquals(update, decoded);
        assertEquals("h7", decoded.key());
        assertEquals(Topics.HOST_COMMANDS, MessageCodec.contractOf(decoded).topic());
        assertEquals(List.of(), new UpdatePortRules("h7", UUID.randomUUID(), "port-1", null).rules());
    }

    @Test
    void aRoutersStateTravelsToOneHostKeyedByThatHost() {
        UpdateRouter update = new UpdateRouter("h7", "router-1", "acme",
                new UpdateRouter.ExternalGateway("net-pub", null, "198.51.100.2", "198.51.100.0/24", "198.51.100.1"),
                List.of(new UpdateRouter.RouterInterface("port-r", "net-1", "n1", "sub-1", "10.0.0.1", "10.0.0.0/24")),
                List.of(new UpdateRouter.FloatingIpNat("fip-1", "198.51.100.7", "port-1", "10.0.0.11")), 4, false);

        Message decoded = codec.decode("host.update-router", codec.encode(update));

        assertEquals(update, decoded);
        assertEquals("h7", decoded.key());
        assertEquals(Topics.HOST_COMMANDS, MessageCodec.contractOf(decoded).topic());
        assertEquals(List.of(), new UpdateRouter("h7", "r", "p", null, null, null, 5, true).floatingIps());
    }

    @Test
    void aPortsFloatingIpsTravelToTheComputeApiKeyedByInstance() {
        UUID instance = UUID.randomUUID();
        PortFloatingIps update = new PortFloatingIps(instance, "port-1", List.of("198.51.100.7"));

        Message decoded = codec.decode("instance.port-floating-ips", codec.encode(update));

        assertEquals(update, decoded);
        assertEquals(instance.toString(), decoded.key());
        assertEquals(Topics.INSTANCE_EVENTS, MessageCodec.contractOf(decoded).topic());
        assertEquals(List.of(), new PortFloatingIps(instance, "port-1", null).floatingIps());
    }

    @Test
    void aFailedSpawnCarriesTheBuildAndItsEarlierAttemptsBackToTheScheduler() {
        BuildInstance build = new BuildInstance(UUID.randomUUID(), "acme", "alice", "web-1", "1",
                new Resources(1, 128, 1), "cirros", Instant.parse("2026-11-26T10:00:00Z"), PlacementHints.NONE);
        SpawnInstance spawn = SpawnInstance.attempt("h2", build, java.util.List.of(new FailedAttempt("h1", "no")));
        InstanceSpawnFailed failed = new InstanceSpawnFailed(build.instanceId(), "h2", "also no", spawn);

        InstanceSpawnFailed decoded = (InstanceSpawnFailed) codec.decode("instance.spawn-failed", codec.encode(failed));

        assertEquals(failed, decoded);
        assertEquals(build, decoded.spawn().request());
        assertEquals("h1: no", decoded.spawn().failuresSoFar().get(0).toString());
    }

    @Test
    void aSpawnFromBeforeRetriesHasNoRequestAndNoEarlierFailures() {
        String json = "{\"host\":\"h1\",\"instanceId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"x\",\"resources\":{\"vcpus\":1,\"memoryMb\":1,\"diskGb\":1},\"imageRef\":null}";

        SpawnInstance decoded = (SpawnInstance) codec.decode("host.spawn-instance", json.getBytes(StandardCharsets.UTF_8));

        assertEquals(null, decoded.request());
        assertTrue(decoded.failuresSoFar().isEmpty());
    }

    @Test
    void readersIgnoreFieldsAddedByNewerWriters() {
        String json = "{\"host\":\"h1\",\"instanceId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"x\",\"resources\":{\"vcpus\":1,\"memoryMb\":1,\"diskGb\":1},"
                + "\"imageRef\":null,\"fieldFromTheFuture\":42}";

        Message decoded = codec.decode("host.spawn-instance", json.getBytes(StandardCharsets.UTF_8));

        assertEquals("h1", ((SpawnInstance) decoded).host());
    }

    @Test
    void aBatchOfHeartbeatsSurvivesTheRoundTripKeyedByItsAgent() {
        HostHeartbeats beats = new HostHeartbeats("rack7", Instant.parse("2026-11-26T10:00:00Z"),
                java.util.List.of(new HostHeartbeats.Beat("rack7-0001", 3), new HostHeartbeats.Beat("rack7-0002", 0)));

        Message decoded = codec.decode("host.heartbeats", codec.encode(beats));

        assertEquals(beats, decoded);
        assertEquals("rack7", decoded.key());
    }

    @Test
    void anUnknownTypeIsReportedAsSuch() {
        assertThrows(MessageCodec.UnknownMessageException.class, () -> codec.decode("no.such", new byte[0]));
    }

    @Test
    void everyContractHasAUniqueTypeAndAKnownTopic() {
        Set<String> types = new HashSet<>();
        Set<String> topics = new HashSet<>();
        Topics.ALL.forEach(spec -> topics.add(spec.name()));
        for (Class<? extends Message> type : MessageCodec.KNOWN) {
            Contract contract = MessageCodec.contractOf(type);
            assertTrue(types.add(contract.type()), "duplicate type " + contract.type());
            assertTrue(topics.contains(contract.topic()), type.getSimpleName() + " names an unknown topic");
            assertTrue(contract.version() >= 1);
        }
    }

    @Test
    void resourcesCannotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> new Resources(-1, 0, 0));
    }
}
