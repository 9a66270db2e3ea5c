package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** Gives the demo projects room: the suites create more servers than the default quota of 10 allows. */
public final class TestProjects {

    private TestProjects() {
    }

    public static void roomy() {
        for (String project : new String[] {Tokens.ACME, Tokens.GLOBEX}) {
            given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON)
                    .body("{\"quota_set\": {\"instances\": -1, \"cores\": -1, \"ram\": -1}}")
                    .put("/compute/v2.1/os-quota-sets/" + project).then().statusCode(200);
        }
    }
}
