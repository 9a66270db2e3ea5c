package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;

/** The compute API as a tenant's client uses it. */
public final class Compute {

    private final String token;

    private Compute(String token) {
        this.token = token;
    }

    public static Compute as(String user) {
        return new Compute(KumoSystem.token(user));
    }

    public String token() {
        return token;
    }

    public RequestSpecification request() {
        return given().baseUri(KumoSystem.API).header("X-Auth-Token", token);
    }

    public String createServer(String name, String flavorRef) {
        return request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", name, "flavorRef", flavorRef, "imageRef",
                        Images.bootable(token))))
                .post("/compute/v2.1/servers")
                .then().statusCode(202)
                .extract().path("server.id");
    }

    /**
     * A server on no network (microversion 2.37, {@code networks: none}): for the benchmarks, whose hundreds of
     * servers would not fit the demo project's /24.
     */
    public String createServerWithoutNetwork(String name, String flavorRef) {
        return request().contentType(ContentType.JSON).header("OpenStack-API-Version", "compute 2.37")
                .body(Map.of("server", Map.of("name", name, "flavorRef", flavorRef, "imageRef",
                        Images.bootable(token), "networks", "none")))
                .post("/compute/v2.1/servers")
                .then().statusCode(202)
                .extract().path("server.id");
    }

    public Response show(String id) {
        return request().get("/compute/v2.1/servers/" + id);
    }

    public void delete(String id) {
        request().delete("/compute/v2.1/servers/" + id).then().statusCode(204);
    }

    /** Polls like the Terraform provider until the server leaves BUILD; returns its final status. */
    public String awaitSettled(String id, Duration timeout) {
        String[] status = new String[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            status[0] = show(id).then().statusCode(200).extract().path("server.status");
            return !"BUILD".equals(status[0]);
        });
        return status[0];
    }

    /** As an admin: lifts the project's instance, core and RAM quotas (benchmarks create hundreds). */
    public static void roomyQuotas(String projectId) {
        given().baseUri(KumoSystem.API).header("X-Auth-Token", KumoSystem.token("admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("quota_set", Map.of("instances", -1, "cores", -1, "ram", -1)))
                .put("/compute/v2.1/os-quota-sets/" + projectId)
                .then().statusCode(200);
    }

    /** As an admin: gives the project the default quotas again (the suites that share the system expect them). */
    public static void defaultQuotas(String projectId) {
        given().baseUri(KumoSystem.API).header("X-Auth-Token", KumoSystem.token("admin"))
                .delete("/compute/v2.1/os-quota-sets/" + projectId)
                .then().statusCode(202);
    }

    /** The project the user's token is scoped to. */
    public String projectId() {
        return given().baseUri(KumoSystem.API).header("X-Auth-Token", token).header("X-Subject-Token", token)
                .get("/identity/v3/auth/tokens").then().statusCode(200).extract().path("token.project.id");
    }

    public void awaitGone(String id, Duration timeout) {
        // No initial delay: a bench awaits a thousand servers one after the other, most of them long gone.
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> show(id).statusCode() == 404);
    }
}
