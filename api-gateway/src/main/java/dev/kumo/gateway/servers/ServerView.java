package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.Links;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders an instance as Nova's {@code server} (microversion 2.1). */
public final class ServerView {

    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NOVA_LAUNCHED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private ServerView() {
    }

    public static Map<String, Object> summary(Instance instance, UriInfo uri) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id.toString());
        view.put("name", instance.name);
        view.put("links", Links.of(uri, "servers", instance.id.toString()));
        return view;
    }

    public static Map<String, Object> detail(Instance instance, UriInfo uri, boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id.toString());
        view.put("name", instance.name);
        view.put("status", VmState.status(instance.vmState));
        view.put("tenant_id", instance.projectId);
        view.put("user_id", instance.userId);
        view.put("metadata", Map.of());
        view.put("hostId", hostId(instance));
        view.put("image", instance.imageRef == null ? ""
                : Map.of("id", instance.imageRef, "links", List.of(Map.of("rel", "bookmark",
                        "href", Links.computeRoot(uri) + "/images/" + instance.imageRef))));
        view.put("flavor", Map.of("id", instance.flavorId, "links", List.of(Map.of("rel", "bookmark",
                "href", Links.computeRoot(uri) + "/flavors/" + instance.flavorId))));
        view.put("created", time(instance.createdAt));
        view.put("updated", time(instance.updatedAt));
        view.put("addresses", Map.of());
        view.put("accessIPv4", "");
        view.put("accessIPv6", "");
        view.put("links", Links.of(uri, "servers", instance.id.toString()));
        view.put("OS-DCF:diskConfig", "MANUAL");
        view.put("progress", 0);
        view.put("OS-EXT-AZ:availability_zone", "nova");
        view.put("config_drive", "");
        view.put("key_name", null);
        view.put("OS-SRV-USG:launched_at", instance.launchedAt == null ? null : NOVA_LAUNCHED.format(instance.launchedAt));
        view.put("OS-SRV-USG:terminated_at", null);
        view.put("OS-EXT-STS:task_state", instance.taskState);
        view.put("OS-EXT-STS:vm_state", instance.vmState);
        view.put("OS-EXT-STS:power_state", instance.powerState);
        view.put("os-extended-volumes:volumes_attached", List.of());
        view.put("security_groups", List.of(Map.of("name", "default")));
        if (admin) {
            view.put("OS-EXT-SRV-ATTR:host", instance.host);
            view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.host);
            view.put("OS-EXT-SRV-ATTR:instance_name", "kumo-" + instance.id);
        }
        if (instance.faultMessage != null && VmState.ERROR.equals(instance.vmState)) {
            view.put("fault", Map.of("code", instance.faultCode, "message", instance.faultMessage,
                    "created", time(instance.faultCreatedAt)));
        }
        return view;
    }

    /** Nova's opaque host id: the same for a project's instances on one host, meaningless across projects. */
    static String hostId(Instance instance) {
        if (instance.host == null) {
            return "";
        }
        try {
            MessageDigest sha224 = MessageDigest.getInstance("SHA-224");
            byte[] digest = sha224.digest((instance.projectId + instance.host).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : NOVA_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
