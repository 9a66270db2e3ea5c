package dev.kumo.network;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A client's steps with the networking API, for the tests to read like a user's session. */
public final class Neutron {

    private Neutron() {
    }

    public static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON);
    }

    public static ValidatableResponse post(String token, String path, String resource, Map<String, ?> attributes) {
        return as(token).body(Map.of(resource, attributes)).post(path).then();
    }

    public static ValidatableResponse put(String token, String path, String resource, Map<String, ?> attributes) {
        return as(token).body(Map.of(resource, attributes)).put(path).then();
    }

    public static String network(String token, String name) {
        return network(token, Map.of("name", name));
    }

    public static String network(String token, Map<String, ?> attributes) {
        return post(token, "/v2.0/networks", "network", attributes).statusCode(201).extract().path("network.id");
    }

    public static String subnet(String token, String networkId, String cidr) {
        return subnet(token, networkId, cidr, Map.of());
    }

    public static String subnet(String token, String networkId, String cidr, Map<String, ?> more) {
        Map<String, Object> attributes = new HashMap<>(more);
        attributes.put("network_id", networkId);
        attributes.put("cidr", cidr);
        attributes.putIfAbsent("ip_version", cidr.contains(":") ? 6 : 4);
        return post(token, "/v2.0/subnets", "subnet", attributes).statusCode(201).extract().path("subnet.id");
    }

    public static String port(String token, String networkId) {
        return post(token, "/v2.0/ports", "port", Map.of("network_id", networkId)).statusCode(201).extract().path("port.id");
    }

    public static List<Map<String, String>> fixedIps(String token, String portId) {
        return as(token).get("/v2.0/ports/" + portId).then().statusCode(200).extract().path("port.fixed_ips");
    }

    /** Asserts Neutron's error shape and type, and returns the message. */
    public static String error(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .body("NeutronError.type", org.hamcrest.Matchers.equalTo(type))
                .body("NeutronError.detail", org.hamcrest.Matchers.equalTo(""))
                .extract().path("NeutronError.message");
    }
}
