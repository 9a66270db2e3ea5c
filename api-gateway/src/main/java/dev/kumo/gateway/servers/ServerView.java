package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.Links;
import dev.kumo.gateway.compute.Microversion;
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

/** Renders an instance as Nova's {@code server}, shaped as the requested microversion defines it. */
public final class ServerView {

    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NOVA_USAGE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final UriInfo uri;
    private final Microversion version;
    private final boolean admin;
    private final Map<String, String> hostStatuses;

    public ServerView(UriInfo uri, Microversion version, boolean admin) {
        this(uri, version, admin, null);
    }

    /** A view with Nova's {@code host_status} (2.16) from the hosts' statuses by name. */
    public ServerView(UriInfo uri, Microversion version, boolean admin, Map<String, String> hostStatuses) {
        this.uri = uri;
        this.version = version;
        this.admin = admin;
        this.hostStatuses = hostStatuses;
    }

    /** The entry of {@code GET /servers}: id, name, links. */
    public Map<String, Object> summary(Instance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id.toString());
        view.put("name", instance.name);
        view.put("links", links(instance));
        return view;
    }

    public List<Map<String, String>> links(Instance instance) {
        return Links.of(uri, "servers", instance.id.toString());
    }

    /** The body of {@code PUT /servers/{id}}: the server without its extensions. */
    public Map<String, Object> basic(Instance instance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id.toString());
        view.put("name", instance.name);
        view.put("status", VmState.status(instance.vmState, instance.taskState));
        view.put("tenant_id", instance.projectId);
        view.put("user_id", instance.userId);
        view.put("metadata", new LinkedHashMap<>(instance.metadata));
        view.put("hostId", hostId(instance));
        view.put("image", image(instance));
        view.put("flavor", Map.of("id", instance.flavorId, "links", List.of(Map.of("rel", "bookmark",
                "href", Links.computeRoot(uri) + "/flavors/" + instance.flavorId))));
        view.put("created", time(instance.createdAt));
        view.put("updated", time(instance.updatedAt));
        view.put("addresses", Addresses.of(instance, false));
        view.put("accessIPv4", instance.accessIpv4 == null ? "" : instance.accessIpv4);
        view.put("accessIPv6", instance.accessIpv6 == null ? "" : instance.accessIpv6);
        view.put("links", links(instance));
        view.put("OS-DCF:diskConfig", "MANUAL");
        if (showsProgress(instance)) {
            view.put("progress", VmState.ACTIVE.equals(instance.vmState) ? 100 : 0);
        }
        if (instance.faultMessage != null && VmState.ERROR.equals(instance.vmState)) {
            view.put("fault", Map.of("code", instance.faultCode, "message", instance.faultMessage,
                    "created", time(instance.faultCreatedAt)));
        }
        addVersioned(instance, view);
        return view;
    }

    /** The body of {@code GET /servers/{id}} and each entry of {@code GET /servers/detail}. */
    public Map<String, Object> detail(Instance instance) {
        Map<String, Object> view = basic(instance);
        // As Nova: show and list detail give the addresses' type and MAC; rebuild and update do not.
        view.put("addresses", Addresses.of(instance, true));
        view.put("key_name", instance.keyName);
        view.put("security_groups", instance.securityGroupNames().stream().map(name -> Map.of("name", name))
                .toList());
        view.put("OS-EXT-AZ:availability_zone", instance.availabilityZone == null ? "" : instance.availabilityZone);
        view.put("config_drive", instance.configDrive ? "True" : "");
        view.put("OS-SRV-USG:launched_at", usageTime(instance.launchedAt));
        view.put("OS-SRV-USG:terminated_at", usageTime(instance.terminatedAt));
        view.put("OS-EXT-STS:task_state", instance.taskState);
        view.put("OS-EXT-STS:vm_state", instance.vmState);
        view.put("OS-EXT-STS:power_state", instance.powerState);
        view.put("os-extended-volumes:volumes_attached", List.of());
        if (admin) {
            addServerAttributes(instance, view);
        }
        if (hostStatuses != null && version.atLeast(16)) {
            view.put("host_status", instance.host == null ? "" : hostStatuses.getOrDefault(instance.host, "UNKNOWN"));
        }
        return view;
    }

    private void addServerAttributes(Instance instance, Map<String, Object> view) {
        view.put("OS-EXT-SRV-ATTR:host", instance.host);
        view.put("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.host);
        view.put("OS-EXT-SRV-ATTR:instance_name", "kumo-" + instance.id);
        if (version.atLeast(3)) {
            view.put("OS-EXT-SRV-ATTR:reservation_id", instance.reservationId);
            view.put("OS-EXT-SRV-ATTR:launch_index", instance.launchIndex);
            view.put("OS-EXT-SRV-ATTR:hostname", instance.hostname == null ? "" : instance.hostname);
            view.put("OS-EXT-SRV-ATTR:kernel_id", "");
            view.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
            view.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
            view.put("OS-EXT-SRV-ATTR:user_data", instance.userData);
        }
    }

    private void addVersioned(Instance instance, Map<String, Object> view) {
        if (version.atLeast(9)) {
            view.put("locked", instance.isLocked());
        }
        if (version.atLeast(19)) {
            view.put("description", instance.description);
        }
        if (version.atLeast(26)) {
            view.put("tags", List.copyOf(instance.tags));
        }
    }

    private Object image(Instance instance) {
        if (instance.imageRef == null) {
            return "";
        }
        return Map.of("id", instance.imageRef, "links", List.of(Map.of("rel", "bookmark",
                "href", Links.computeRoot(uri) + "/images/" + instance.imageRef)));
    }

    /** Nova shows progress only while it means something. */
    private static boolean showsProgress(Instance instance) {
        return VmState.ACTIVE.equals(instance.vmState) || VmState.BUILDING.equals(instance.vmState);
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

    public static String time(Instant instant) {
        return instant == null ? null : NOVA_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String usageTime(Instant instant) {
        return instant == null ? null : NOVA_USAGE_TIME.format(instant);
    }
}
