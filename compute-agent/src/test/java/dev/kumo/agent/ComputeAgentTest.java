package dev.kumo.agent;

import static dev.kumo.agent.KafkaRecords.header;
import static dev.kumo.agent.KafkaRecords.ofType;
import static dev.kumo.agent.KafkaRecords.payload;
import static dev.kumo.agent.KafkaRecords.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.messaging.HostPartitions;
import dev.kumo.contracts.MessageHeaders;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.InstancePowerChanged;
import dev.kumo.testsupport.KafkaBroker;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent as the scheduler sees it: commands in on kumo.host.commands, events out, for a fleet of 3 hosts. */
@QuarkusTest
@TestProfile(ComputeAgentTest.ThreeSimulatedHosts.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ComputeAgentTest {

    static final String AGENT = "agent-a";
    static final List<String> HOSTS = List.of("agent-a-0001", "agent-a-0002", "agent-a-0003");
    static final Resources SMALL = new Resources(1, 512, 1);
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class ThreeSimulatedHosts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kumo.agent.hypervisor", "test",
                    "kumo.agent.host-name", AGENT,
                    "kumo.agent.simulated-hosts", "3",
                    "kumo.agent.state-dir", "target/agent-test-state",
                    "kumo.agent.test.vcpus", "16",
                    "kumo.agent.test.memory-mb", "65536",
                    "kumo.agent.test.disk-gb", "500",
                    "kumo.agent.heartbeat-interval", "1s",
                    "kumo.agent.shutdown-timeout", "1s",
                    "kumo.agent.power-sync-interval", "1s");
        }
    }

    static KafkaRecords kafka;
    static MessageBus bus;

    @Inject
    Fleet fleet;

    @BeforeAll
    static void topics() throws Exception {
        KafkaTopics.create(KafkaBroker.bootstrapServers());
        kafka = new KafkaRecords(KafkaBroker.bootstrapServers(), Topics.INSTANCE_EVENTS, Topics.HOST_EVENTS);
        bus = new MessageBus(KafkaBroker.bootstrapServers());
    }

    @AfterAll
    static void close() {
        kafka.close();
        bus.close();
    }

    @BeforeEach
    void agentIsReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the agent did not become ready within 60 s");
            Thread.sleep(200);
        }
    }

    @Test
    void aSpawnRunsTheInstanceOnItsHostOnlyAndReportsItActive() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID command = UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        kafka.send(new SpawnInstance("agent-a-0002", instance, "web-1", SMALL, null), command, requestId);

        ConsumerRecord<String, byte[]> event = kafka.await("instance.active", ofType("instance.active", instance.toString()));
        assertEquals(Topics.INSTANCE_EVENTS, event.topic());
        assertEquals(eventId(command, "instance.active"), header(event, MessageHeaders.MESSAGE_ID));
        assertEquals("1", header(event, MessageHeaders.VERSION));
        assertEquals(requestId, header(event, MessageHeaders.REQUEST_ID));
        InstanceActive active = (InstanceActive) payload(event);
        assertEquals("agent-a-0002", active.host());
        assertEquals("kumo-" + instance, active.domainName());
        assertEquals(InstanceState.RUNNING, stateOn("agent-a-0002", instance));
        assertEquals(InstanceState.ABSENT, stateOn("agent-a-0001", instance));
        assertEquals(InstanceState.ABSENT, stateOn("agent-a-0003", instance));
    }

    @Test
    void aRedeliveredSpawnYieldsTheSameEventAndNoSecondDomain() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID command = UUID.randomUUID();
        SpawnInstance spawn = new SpawnInstance("agent-a-0001", instance, "web-2", SMALL, null);

        kafka.send(spawn, command, "req-" + UUID.randomUUID());
        kafka.await("instance.active", ofType("instance.active", instance.toString()));
        kafka.send(spawn, command, "req-" + UUID.randomUUID());

        List<ConsumerRecord<String, byte[]>> events =
                kafka.awaitCount("2 x instance.active", ofType("instance.active", instance.toString()), 2);
        assertEquals(header(events.get(0), MessageHeaders.MESSAGE_ID), header(events.get(1), MessageHeaders.MESSAGE_ID));
        assertEquals(1, fleet.host("agent-a-0001").orElseThrow().hypervisor().list().stream()
                .filter(instance::equals).count());
    }

    @Test
    void aDestroyRemovesTheDomainAndReportsTheInstanceDestroyed() throws Exception {
        UUID instance = UUID.randomUUID();
        kafka.send(new SpawnInstance("agent-a-0003", instance, "web-3", SMALL, null), UUID.randomUUID(), "req-1");
        kafka.await("instance.active", ofType("instance.active", instance.toString()));
        UUID command = UUID.randomUUID();

        kafka.send(new DestroyInstance("agent-a-0003", instance), command, "req-2");

        ConsumerRecord<String, byte[]> event =
                kafka.await("instance.destroyed", ofType("instance.destroyed", instance.toString()));
        assertEquals(new InstanceDestroyed(instance, "agent-a-0003"), payload(event));
        assertEquals(eventId(command, "instance.destroyed"), header(event, MessageHeaders.MESSAGE_ID));
        assertEquals("req-2", header(event, MessageHeaders.REQUEST_ID));
        assertEquals(InstanceState.ABSENT, stateOn("agent-a-0003", instance));
    }

    @Test
    void aCommandForAHostOfAnotherAgentIsIgnored() throws Exception {
        String foreignHost = hostSharingAPartitionWith("agent-a-0001");
        UUID foreign = UUID.randomUUID();
        UUID mine = UUID.randomUUID();

        kafka.send(new SpawnInstance(foreignHost, foreign, "not-mine", SMALL, null), UUID.randomUUID(), "req-3");
        kafka.send(new SpawnInstance("agent-a-0001", mine, "mine", SMALL, null), UUID.randomUUID(), "req-4");

        // Same partition, so the agent read the foreign command before its own.
        kafka.await("instance.active", ofType("instance.active", mine.toString()));
        assertEquals(List.of(), kafka.matching(withKey(foreign.toString())));
        for (String host : HOSTS) {
            assertEquals(InstanceState.ABSENT, stateOn(host, foreign));
        }
    }

    @Test
    void everyHostRegistersItsCapacity() {
        for (String host : HOSTS) {
            HostRegistered registered = (HostRegistered) payload(kafka.await("host.registered of " + host,
                    ofType("host.registered", host)));
            assertEquals(host, registered.host());
            assertEquals("test", registered.hypervisorType());
            assertEquals("test", registered.domainType());
            assertTrue(registered.libvirtUri().startsWith("test:///")
                    && registered.libvirtUri().endsWith("/target/agent-test-state/hosts/" + host + ".xml"),
                    registered.libvirtUri());
            assertEquals(new Resources(16, 65536, 500), registered.capacity());
        }
    }

    @Test
    void theFleetsHostsSendTheirHeartbeatsTogether() {
        kafka.awaitCount("2 heartbeat batches naming every host", record ->
                "host.heartbeats".equals(KafkaRecords.header(record, MessageHeaders.TYPE))
                        && ((dev.kumo.contracts.host.HostHeartbeats) payload(record)).hosts().stream()
                                .map(dev.kumo.contracts.host.HostHeartbeats.Beat::host).toList().containsAll(HOSTS), 2);
    }

    @Test
    void theAgentIsReadyAndCountsItsWork() throws Exception {
        UUID instance = UUID.randomUUID();
        kafka.send(new SpawnInstance("agent-a-0002", instance, "metered", SMALL, null), UUID.randomUUID(), "req-5");
        kafka.await("instance.active", ofType("instance.active", instance.toString()));

        given().get("/q/health/ready").then().statusCode(200).body(containsString("kumo-compute-agent"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kumo_agent_spawns_total"))
                .body(containsString("kumo_agent_spawn_duration_seconds_count"));
        given().get("/hosts").then().statusCode(200).body(containsString("agent-a-0003"));
    }

    @Test
    void aServerActionIsAppliedAndAnsweredWithThePowerStateItLeft() throws Exception {
        UUID instance = spawnOn("agent-a-0001");

        bus.send(new OperateInstance("agent-a-0001", instance, PowerOperation.STOP, "req-stop"));
        InstanceOperated stopped = bus.await(InstanceOperated.class,
                operated -> operated.instanceId().equals(instance) && operated.requestId().equals("req-stop"), WAIT);
        bus.send(new OperateInstance("agent-a-0001", instance, PowerOperation.START, "req-start"));
        InstanceOperated started = bus.await(InstanceOperated.class,
                operated -> operated.instanceId().equals(instance) && operated.requestId().equals("req-start"), WAIT);

        assertEquals(new InstanceOperated(instance, "agent-a-0001", PowerOperation.STOP, PowerState.SHUTDOWN,
                "req-stop", null), stopped);
        assertEquals(new InstanceOperated(instance, "agent-a-0001", PowerOperation.START, PowerState.RUNNING,
                "req-start", null), started);
        assertEquals(InstanceState.RUNNING, stateOn("agent-a-0001", instance));
    }

    @Test
    void aServerActionForAnInstanceTheHostDoesNotHaveIsAnsweredWithAFault() {
        UUID instance = UUID.randomUUID();

        bus.send(new OperateInstance("agent-a-0003", instance, PowerOperation.REBOOT_HARD, "req-nowhere"));

        InstanceOperated answer = bus.await(InstanceOperated.class,
                operated -> operated.instanceId().equals(instance), WAIT);
        assertEquals(PowerState.NOSTATE, answer.powerState());
        assertEquals("Instance " + instance + " is not on host agent-a-0003.", answer.fault());
    }

    @Test
    void aDomainStoppedBehindTheAgentsBackIsReportedAsAPowerChange() throws Exception {
        UUID instance = spawnOn("agent-a-0003");

        fleet.host("agent-a-0003").orElseThrow().hypervisor().powerOff(instance); // as virsh destroy would

        InstancePowerChanged change = bus.await(InstancePowerChanged.class,
                changed -> changed.instanceId().equals(instance) && changed.powerState() == PowerState.SHUTDOWN, WAIT);
        assertEquals("agent-a-0003", change.host());
    }

    @Test
    void theConsoleOutputOfATestHostsInstanceIsItsLifecycleLog() throws Exception {
        UUID instance = spawnOn("agent-a-0002");
        bus.send(new OperateInstance("agent-a-0002", instance, PowerOperation.PAUSE, "req-pause"));
        bus.await(InstanceOperated.class, operated -> operated.instanceId().equals(instance), WAIT);

        given().get("/agent/instances/" + instance + "/console-output").then().statusCode(200)
                .body("output", startsWith("kumo: instance " + instance + " defined as domain kumo-" + instance))
                .body("output", containsString("\nkumo: instance " + instance + " started on host agent-a-0002 at "))
                .body("output", containsString("\nkumo: instance " + instance + " paused on host agent-a-0002 at "));
        // length counts as Nova does: the empty piece after the last newline is one of the 2
        given().queryParam("length", 2).get("/agent/instances/" + instance + "/console-output").then()
                .statusCode(200)
                .body("output", startsWith("kumo: instance " + instance + " paused on host agent-a-0002 at "));
    }

    @Test
    void theConsoleOutputOfAnUnknownInstanceIsNotFound() {
        given().get("/agent/instances/" + UUID.randomUUID() + "/console-output").then().statusCode(404)
                .body("itemNotFound.code", org.hamcrest.Matchers.equalTo(404));
        given().get("/agent/instances/not-a-uuid/console-output").then().statusCode(404);
    }

    @Test
    void theDiagnosticsOfAnInstanceAreWhatLibvirtMeasuresOfItsDomain() throws Exception {
        UUID instance = spawnOn("agent-a-0001");

        given().get("/agent/instances/" + instance + "/diagnostics").then().statusCode(200)
                .body("memory", org.hamcrest.Matchers.equalTo((int) SMALL.memoryMb() * 1024))
                .body("'memory-actual'", org.hamcrest.Matchers.equalTo((int) SMALL.memoryMb() * 1024))
                .body("$", org.hamcrest.Matchers.hasKey("cpu0_time"));
        given().get("/agent/instances/" + UUID.randomUUID() + "/diagnostics").then().statusCode(404);
    }

    private UUID spawnOn(String host) throws Exception {
        UUID instance = UUID.randomUUID();
        kafka.send(new SpawnInstance(host, instance, "vm", SMALL, null), UUID.randomUUID(), "req-spawn");
        kafka.await("instance.active", ofType("instance.active", instance.toString()));
        return instance;
    }

    private InstanceState stateOn(String host, UUID instance) {
        return fleet.host(host).orElseThrow().hypervisor().state(instance);
    }

    private static String eventId(UUID command, String type) {
        return UUID.nameUUIDFromBytes((command + ":" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String hostSharingAPartitionWith(String host) {
        int partitions = Topics.ALL.stream().filter(t -> t.name().equals(Topics.HOST_COMMANDS)).findFirst()
                .orElseThrow().partitions();
        int target = HostPartitions.partitionOf(host, partitions);
        for (int i = 0; ; i++) {
            String candidate = "agent-b-" + i;
            if (HostPartitions.partitionOf(candidate, partitions) == target) {
                return candidate;
            }
        }
    }
}
