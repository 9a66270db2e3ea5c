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

    public RequestSpecification request() {
        return given().baseUri(KumoSystem.API).header("X-Auth-Token", token);
    }

    public String createServer(String name, String flavorRef) {
        return request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", name, "flavorRef", flavorRef, "imageRef", "cirros")))
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

    public void awaitGone(String id, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> show(id).statusCode() == 404);
    }
}
