package dev.kumo.gateway.compute;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.RebuildInstance;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.InstancePowerChanged;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Nova API beyond create and delete, against a real PostgreSQL and Kafka broker: microversions, server
 * actions and their states, metadata, tags, the audit trail, keypairs, quotas, server groups and flavors.
 * The test plays the scheduler and the hosts with events.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ComputeApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqVqZzFcM3xKc9rQ2e1ZtZkq8wq8pJ1mZ7B3l5q3cV4"
            + " alice@laptop";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        bus = new MessageBus(bootstrapServers);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void theMicroversionIsNegotiatedFromEitherHeaderAndAnnounced() {
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.26").get("/compute/v2.1/servers").then()
                .statusCode(200)
                .header("OpenStack-API-Version", "compute 2.26")
                .header("X-OpenStack-Nova-API-Version", "2.26");
        as(Tokens.alice()).header("X-OpenStack-Nova-API-Version", "latest").get("/compute/v2.1/servers").then()
                .header("OpenStack-API-Version", "compute " + Microversion.MAX);
        as(Tokens.alice()).get("/compute/v2.1/servers").then()
                .header("OpenStack-API-Version", "compute 2.1");
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.99").get("/compute/v2.1/servers").then()
                .statusCode(406)
                .body("notAcceptable.message", containsString("Version 2.99 is not supported"));
        given().get("/compute/v2.1").then().statusCode(200).body("version.version", equalTo("2.37"));
    }

    @Test
    void theServerBodyFollowsTheMicroversion() {
        String id = activeServer(Tokens.alice(), "shaped");

        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server", not(hasKey("locked")))
                .body("server", not(hasKey("description")))
                .body("server", not(hasKey("tags")));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.26").get("/compute/v2.1/servers/" + id).then()
                .body("server.locked", equalTo(false))
                .body("server", hasKey("description"))
                .body("server.tags", hasSize(0));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.3").get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:hostname'", equalTo("shaped"))
                .body("server.'OS-EXT-SRV-ATTR:launch_index'", equalTo(0));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.3").get("/compute/v2.1/servers/" + id).then()
                .body("server", not(hasKey("OS-EXT-SRV-ATTR:hostname")));
    }

    @Test
    void aStopGoesToTheHostAndItsAnswerEndsTheTask() {
        String id = activeServer(Tokens.alice(), "stoppable");

        action(Tokens.alice(), id, "{\"os-stop\": null}").then().statusCode(202);

        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-STS:task_state'", equalTo("powering-off"));
        OperateInstance command = bus.await(OperateInstance.class, c -> c.instanceId().toString().equals(id), WAIT);
        assertEquals(PowerOperation.STOP, command.operation());
        assertEquals("compute-1", command.key());
        action(Tokens.alice(), id, "{\"os-stop\": null}").then().statusCode(409)
                .body("conflictingRequest.message", containsString("task_state powering-off"));

        bus.send(new InstanceOperated(command.instanceId(), "compute-1", PowerOperation.STOP, PowerState.SHUTDOWN,
                command.requestId(), null));

        awaitStatus(id, "SHUTOFF");
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-STS:power_state'", equalTo(4))
                .body("server.'OS-EXT-STS:task_state'", equalTo(null));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + command.requestId()).then()
                .statusCode(200)
                .body("instanceAction.action", equalTo("stop"))
                .body("instanceAction.user_id", equalTo("user-alice"))
                .body("instanceAction.events[0].event", equalTo("compute_stop_instance"))
                .body("instanceAction.events[0].result", equalTo("Success"));
    }

    @Test
    void aRebuildRecreatesTheServerFromTheNewImageOnItsHost() {
        String id = activeServer(Tokens.alice(), "rebuildable");

        action(Tokens.alice(), id, "{\"rebuild\": {\"imageRef\": \"" + TestImages.ACTIVE
                + "\", \"name\": \"rebuilt\", \"metadata\": {\"generation\": \"2\"}}}").then()
                .statusCode(202)
                .body("server.status", equalTo("REBUILD"))
                .body("server.name", equalTo("rebuilt"))
                .body("server.adminPass", notNullValue());
        RebuildInstance command = bus.await(RebuildInstance.class, c -> c.instanceId().toString().equals(id), WAIT);
        assertEquals(TestImages.ACTIVE, command.imageRef());
        action(Tokens.alice(), id, "{\"os-stop\": null}").then().statusCode(409);

        bus.send(new InstanceOperated(command.instanceId(), "compute-1", PowerOperation.REBUILD, PowerState.RUNNING,
                command.requestId(), null));

        awaitStatus(id, "ACTIVE");
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then().body("server.metadata.generation", equalTo("2"));
        action(Tokens.alice(), id, "{\"rebuild\": {\"imageRef\": \"" + TestImages.QUEUED + "\"}}").then()
                .statusCode(400);
    }

    @Test
    void actionsInTheWrongStateAreConflicts() {
        String id = activeServer(Tokens.alice(), "wrong-state");

        action(Tokens.alice(), id, "{\"os-start\": null}").then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Cannot 'os-start' instance " + id
                        + " while it is in vm_state active"));
        action(Tokens.alice(), id, "{\"unpause\": null}").then().statusCode(409);
        action(Tokens.alice(), id, "{\"resume\": null}").then().statusCode(409);
        action(Tokens.alice(), id, "{\"reboot\": {\"type\": \"SIDEWAYS\"}}").then().statusCode(400)
                .body("badRequest.message", containsString("type"));
        action(Tokens.alice(), id, "{\"no-such-action\": null}").then().statusCode(400);
    }

    @Test
    void aFailedOperationKeepsTheStateAndRecordsTheError() {
        String id = activeServer(Tokens.alice(), "fails-to-pause");
        action(Tokens.alice(), id, "{\"pause\": null}").then().statusCode(202);
        OperateInstance command = bus.await(OperateInstance.class, c -> c.instanceId().toString().equals(id), WAIT);

        bus.send(new InstanceOperated(command.instanceId(), "compute-1", PowerOperation.PAUSE, PowerState.RUNNING,
                command.requestId(), "libvirt said no"));

        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-STS:task_state'", equalTo(null))
                .body("server.status", equalTo("ACTIVE")));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + command.requestId()).then()
                .body("instanceAction.message", equalTo("libvirt said no"))
                .body("instanceAction.events[0].result", equalTo("Error"));
    }

    @Test
    void aHostThatNeverAnswersCannotLeaveTheTaskHanging() {
        String id = activeServer(Tokens.alice(), "silent-host");

        action(Tokens.alice(), id, "{\"reboot\": {\"type\": \"HARD\"}}").then().statusCode(202);
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then().body("server.status", equalTo("HARD_REBOOT"));

        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:task_state'", equalTo(null)));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions").then()
                .body("instanceActions.action", hasItem("reboot"))
                .body("instanceActions.find { it.action == 'reboot' }.message", containsString("did not finish"));
    }

    @Test
    void aDomainThatStopsBehindOurBackShowsShutoff() {
        String id = activeServer(Tokens.alice(), "crashed");

        bus.send(new InstancePowerChanged(UUID.fromString(id), "compute-1", PowerState.SHUTDOWN, Instant.now()));

        awaitStatus(id, "SHUTOFF");
    }

    @Test
    void aLockedServerRefusesItsOwnerUntilUnlocked() {
        String id = activeServer(Tokens.alice(), "lockable");
        action(Tokens.alice(), id, "{\"lock\": null}").then().statusCode(202);

        action(Tokens.alice(), id, "{\"os-stop\": null}").then().statusCode(409)
                .body("conflictingRequest.message", containsString("is locked"));
        as(Tokens.alice()).delete("/compute/v2.1/servers/" + id).then().statusCode(409);
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.9").get("/compute/v2.1/servers/" + id).then()
                .body("server.locked", equalTo(true));

        action(Tokens.alice(), id, "{\"unlock\": null}").then().statusCode(202);
        action(Tokens.alice(), id, "{\"os-stop\": null}").then().statusCode(202);
    }

    @Test
    void metadataAndTagsCanBeSetReplacedAndDeleted() {
        String id = activeServer(Tokens.alice(), "labelled");
        String path = "/compute/v2.1/servers/" + id;

        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"metadata\": {\"role\": \"web\", \"tier\": \"1\"}}")
                .post(path + "/metadata").then().statusCode(200).body("metadata.role", equalTo("web"));
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"meta\": {\"tier\": \"2\"}}")
                .put(path + "/metadata/tier").then().statusCode(200).body("meta.tier", equalTo("2"));
        as(Tokens.alice()).get(path + "/metadata/tier").then().body("meta.tier", equalTo("2"));
        as(Tokens.alice()).delete(path + "/metadata/role").then().statusCode(204);
        as(Tokens.alice()).get(path).then().body("server.metadata.tier", equalTo("2"))
                .body("server.metadata", not(hasKey("role")));
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"meta\": {\"other\": \"x\"}}")
                .put(path + "/metadata/tier").then().statusCode(400);

        RequestSpecification v226 = as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.26");
        v226.put(path + "/tags/blue").then().statusCode(201);
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.26").get(path + "/tags").then()
                .body("tags", equalTo(List.of("blue")));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.26")
                .get("/compute/v2.1/servers?tags=blue").then().body("servers.id", hasItem(id));
        as(Tokens.alice()).get(path + "/tags").then().statusCode(404);
    }

    @Test
    void listsFilterByNameRegexAndStatusAndPageWithAMarker() {
        String first = activeServer(Tokens.bob(), "page-alpha");
        String second = activeServer(Tokens.bob(), "page-beta");
        String third = activeServer(Tokens.bob(), "other-gamma");

        as(Tokens.bob()).get("/compute/v2.1/servers?name=^page-").then()
                .body("servers.id", hasItem(first)).body("servers.id", hasItem(second))
                .body("servers.id", not(hasItem(third)));
        as(Tokens.bob()).get("/compute/v2.1/servers/detail?status=SHUTOFF").then()
                .body("servers.id", not(hasItem(first)));
        List<String> page1 = as(Tokens.bob()).get("/compute/v2.1/servers?name=^page-&limit=1").then()
                .body("servers", hasSize(1))
                .body("servers_links[0].rel", equalTo("next"))
                .extract().path("servers.id");
        as(Tokens.bob()).get("/compute/v2.1/servers?name=^page-&limit=1&marker=" + page1.get(0)).then()
                .body("servers", hasSize(1))
                .body("servers[0].id", not(equalTo(page1.get(0))));
        as(Tokens.bob()).get("/compute/v2.1/servers?marker=" + UUID.randomUUID()).then().statusCode(400);
        as(Tokens.alice()).get("/compute/v2.1/servers").then().body("servers.id", not(hasItem(first)));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + first).then().statusCode(404);
        as(Tokens.admin()).get("/compute/v2.1/servers?all_tenants=1").then().body("servers.id", hasItem(first));
    }

    @Test
    void aListNeverShowsAnOutdatedServerThoughListsAreReused() {
        String id = activeServer(Tokens.bob(), "cached");
        String path = "/compute/v2.1/servers/detail";
        as(Tokens.bob()).get(path).then().body("servers.find { it.id == '" + id + "' }.metadata", equalTo(java.util.Map.of()));
        as(Tokens.bob()).header("Accept-Encoding", "gzip").get(path).then()
                .header("Content-Encoding", "gzip")
                .body("servers.id", hasItem(id));

        as(Tokens.bob()).contentType(ContentType.JSON).body("{\"metadata\": {\"fresh\": \"yes\"}}")
                .post("/compute/v2.1/servers/" + id + "/metadata").then().statusCode(200);
        as(Tokens.bob()).get(path).then()
                .body("servers.find { it.id == '" + id + "' }.metadata.fresh", equalTo("yes"));

        bus.send(new InstancePowerChanged(UUID.fromString(id), "compute-1", PowerState.SHUTDOWN, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.bob()).get(path).then()
                .body("servers.find { it.id == '" + id + "' }.status", equalTo("SHUTOFF")));
    }

    @Test
    void theVeryNextListShowsAServerJustCreatedRenamedOrBeingDeleted() {
        String path = "/compute/v2.1/servers/detail";
        String kept = activeServer(Tokens.bob(), "listed-before");
        as(Tokens.bob()).header("Accept-Encoding", "gzip").get(path).then().body("servers.id", hasItem(kept));
        as(Tokens.bob()).get("/compute/v2.1/servers").then().body("servers.id", hasItem(kept));

        String created = as(Tokens.bob()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"listed-after\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        as(Tokens.bob()).header("Accept-Encoding", "gzip").get(path).then().body("servers.id", hasItem(created));
        as(Tokens.bob()).get("/compute/v2.1/servers").then().body("servers.id", hasItem(created));

        as(Tokens.bob()).contentType(ContentType.JSON).body("{\"server\": {\"name\": \"listed-renamed\"}}")
                .put("/compute/v2.1/servers/" + kept).then().statusCode(200);
        as(Tokens.bob()).header("Accept-Encoding", "gzip").get(path).then()
                .body("servers.find { it.id == '" + kept + "' }.name", equalTo("listed-renamed"));

        as(Tokens.bob()).delete("/compute/v2.1/servers/" + kept).then().statusCode(204);
        as(Tokens.bob()).header("Accept-Encoding", "gzip").get(path).then()
                .body("servers.find { it.id == '" + kept + "' }['OS-EXT-STS:task_state']", equalTo("deleting"));
    }

    @Test
    void aServerCanBeRenamedAndDescribed() {
        String id = activeServer(Tokens.alice(), "before");

        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.19").contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"after\", \"description\": \"the web tier\"}}")
                .put("/compute/v2.1/servers/" + id).then().statusCode(200)
                .body("server.name", equalTo("after"))
                .body("server.description", equalTo("the web tier"))
                .body("server", not(hasKey("OS-EXT-STS:vm_state")));
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"server\": {\"description\": \"too early\"}}")
                .put("/compute/v2.1/servers/" + id).then().statusCode(400)
                .body("badRequest.message", containsString("description"));
    }

    @Test
    void keypairsAreImportedOrGeneratedAndBelongToTheirUser() {
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"keypair\": {\"name\": \"laptop\", \"public_key\": \"" + SSH_KEY + "\"}}")
                .post("/compute/v2.1/os-keypairs").then().statusCode(200)
                .body("keypair.fingerprint", startsWith(""))
                .body("keypair.fingerprint", containsString(":"))
                .body("keypair", not(hasKey("private_key")));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.2").contentType(ContentType.JSON)
                .body("{\"keypair\": {\"name\": \"generated\"}}")
                .post("/compute/v2.1/os-keypairs").then().statusCode(201)
                .body("keypair.private_key", containsString("PRIVATE KEY"))
                .body("keypair.public_key", startsWith("ssh-rsa "))
                .body("keypair.type", equalTo("ssh"));
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"keypair\": {\"name\": \"laptop\", \"public_key\": \"" + SSH_KEY + "\"}}")
                .post("/compute/v2.1/os-keypairs").then().statusCode(409);
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"keypair\": {\"name\": \"broken\", \"public_key\": \"ssh-rsa not-base64!\"}}")
                .post("/compute/v2.1/os-keypairs").then().statusCode(400);
        as(Tokens.alice()).get("/compute/v2.1/os-keypairs").then()
                .body("keypairs.keypair.name", hasItem("laptop"));
        as(Tokens.alice()).get("/compute/v2.1/os-keypairs/laptop").then().statusCode(200)
                .body("keypair.user_id", equalTo("user-alice")).body("keypair.id", notNullValue());
        as(Tokens.bob()).get("/compute/v2.1/os-keypairs/laptop").then().statusCode(404);

        String id = given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"keyed\", \"flavorRef\": \"42\", \"imageRef\": \"" + TestImages.ACTIVE
                        + "\", \"key_name\": \"laptop\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then().body("server.key_name", equalTo("laptop"));
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"x\", \"flavorRef\": \"42\", \"imageRef\": \"" + TestImages.ACTIVE
                        + "\", \"key_name\": \"nope\"}}")
                .post("/compute/v2.1/servers").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid key_name provided."));
        as(Tokens.alice()).delete("/compute/v2.1/os-keypairs/laptop").then().statusCode(202);
    }

    @Test
    void imagesThatAreMissingInactiveOrTooBigAreRejected() {
        createWithImage(UUID.randomUUID().toString()).then().statusCode(400)
                .body("badRequest.message", containsString("could not be found"));
        createWithImage(TestImages.QUEUED).then().statusCode(400)
                .body("badRequest.message", containsString("is not active"));
        createWithImage(TestImages.BIG).then().statusCode(400)
                .body("badRequest.message", containsString("memory is too small"));
        createWithImage("not-a-uuid").then().statusCode(400);
    }

    @Test
    void concurrentCreatesNeverExceedTheInstanceQuota() throws Exception {
        String project = "quota-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.member("quota-user", project);
        as(Tokens.admin()).contentType(ContentType.JSON).body("{\"quota_set\": {\"instances\": 3}}")
                .put("/compute/v2.1/os-quota-sets/" + project).then().statusCode(200)
                .body("quota_set.instances", equalTo(3));

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            Callable<Integer> create = () -> given().header("X-Auth-Token", token).contentType(ContentType.JSON)
                    .body("{\"server\": {\"name\": \"q" + n + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                            + TestImages.ACTIVE + "\"}}")
                    .post("/compute/v2.1/servers").then().extract().statusCode();
            answers.add(clients.submit(create));
        }
        int accepted = 0;
        int refused = 0;
        for (Future<Integer> answer : answers) {
            int status = answer.get();
            accepted += status == 202 ? 1 : 0;
            refused += status == 403 ? 1 : 0;
        }
        clients.shutdown();

        assertEquals(3, accepted);
        assertEquals(5, refused);
        as(token).get("/compute/v2.1/limits").then()
                .body("limits.absolute.maxTotalInstances", equalTo(3))
                .body("limits.absolute.totalInstancesUsed", equalTo(3));
        as(token).get("/compute/v2.1/os-quota-sets/" + project + "/detail").then()
                .body("quota_set.instances.in_use", equalTo(3));
        as(token).get("/compute/v2.1/os-quota-sets/" + Tokens.ACME).then().statusCode(403);
        as(token).contentType(ContentType.JSON).body("{\"quota_set\": {\"instances\": 30}}")
                .put("/compute/v2.1/os-quota-sets/" + project).then().statusCode(403);
    }

    @Test
    void aServerGroupIsSentToTheSchedulerWithItsPolicy() {
        String group = as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server_group\": {\"name\": \"spread\", \"policies\": [\"anti-affinity\"]}}")
                .post("/compute/v2.1/os-server-groups").then().statusCode(200)
                .body("server_group.policies", equalTo(List.of("anti-affinity")))
                .extract().path("server_group.id");

        String id = as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"member\", \"flavorRef\": \"42\", \"imageRef\": \"" + TestImages.ACTIVE
                        + "\"}, \"os:scheduler_hints\": {\"group\": \"" + group + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");

        BuildInstance build = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        assertEquals(group, build.placementHints().groupId().toString());
        assertEquals("anti-affinity", build.placementHints().groupPolicy());
        as(Tokens.alice()).get("/compute/v2.1/os-server-groups/" + group).then().body("server_group.members",
                hasItem(id));
        as(Tokens.bob()).get("/compute/v2.1/os-server-groups/" + group).then().statusCode(404);
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server_group\": {\"name\": \"soft\", \"policies\": [\"soft-affinity\"]}}")
                .post("/compute/v2.1/os-server-groups").then().statusCode(400);
    }

    @Test
    void adminsManageFlavorsAndShareprivateOnes() {
        as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"flavor\": {\"name\": \"nope\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}")
                .post("/compute/v2.1/flavors").then().statusCode(403);
        String flavor = as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"flavor\": {\"name\": \"private-" + UUID.randomUUID() + "\", \"ram\": 64, \"vcpus\": 1,"
                        + " \"disk\": 1, \"os-flavor-access:is_public\": false}}")
                .post("/compute/v2.1/flavors").then().statusCode(200)
                .body("flavor.'os-flavor-access:is_public'", equalTo(false))
                .extract().path("flavor.id");
        as(Tokens.alice()).get("/compute/v2.1/flavors/" + flavor).then().statusCode(404);

        as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"addTenantAccess\": {\"tenant\": \"" + Tokens.ACME + "\"}}")
                .post("/compute/v2.1/flavors/" + flavor + "/action").then().statusCode(200)
                .body("flavor_access.tenant_id", hasItem(Tokens.ACME));

        as(Tokens.alice()).get("/compute/v2.1/flavors/" + flavor).then().statusCode(200);
        as(Tokens.alice()).get("/compute/v2.1/flavors").then().body("flavors.id", hasItem(flavor));
        as(Tokens.bob()).get("/compute/v2.1/flavors").then().body("flavors.id", not(hasItem(flavor)));
        as(Tokens.admin()).contentType(ContentType.JSON).body("{\"extra_specs\": {\"hw:cpu_policy\": \"shared\"}}")
                .post("/compute/v2.1/flavors/" + flavor + "/os-extra_specs").then().statusCode(200);
        as(Tokens.alice()).get("/compute/v2.1/flavors/" + flavor + "/os-extra_specs/hw:cpu_policy").then()
                .body("'hw:cpu_policy'", equalTo("shared"));
        as(Tokens.admin()).delete("/compute/v2.1/flavors/" + flavor).then().statusCode(202);
        as(Tokens.admin()).get("/compute/v2.1/flavors/" + flavor).then().statusCode(404);
    }

    private io.restassured.response.Response createWithImage(String image) {
        return as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"img\", \"flavorRef\": \"42\", \"imageRef\": \"" + image + "\"}}")
                .post("/compute/v2.1/servers");
    }

    private String activeServer(String token, String name) {
        String id = as(token).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> as(token).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE")));
        return id;
    }

    private void awaitStatus(String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo(status)));
    }

    private static io.restassured.response.Response action(String token, String id, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/compute/v2.1/servers/" + id + "/action");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
