package dev.kumo.image.images;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** A client's steps with the image API, for the tests to read like a user's session. */
public final class Images {

    private Images() {
    }

    public static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }

    /** Creates an image and returns its id. */
    public static String create(String token, Map<String, Object> image) {
        return as(token).contentType(ContentType.JSON).body(image)
                .post("/v2/images").then().statusCode(201).extract().path("id");
    }

    public static String createRaw(String token, String name) {
        return create(token, Map.of("name", name, "disk_format", "raw", "container_format", "bare"));
    }

    public static void upload(String token, String id, byte[] data, int expectedStatus) {
        as(token).contentType(ContentType.BINARY).body(data)
                .put("/v2/images/" + id + "/file").then().statusCode(expectedStatus);
    }

    public static void patch(String token, String id, String changes, int expectedStatus) {
        as(token).contentType("application/openstack-images-v2.1-json-patch").body(changes.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .patch("/v2/images/" + id).then().statusCode(expectedStatus);
    }
}
