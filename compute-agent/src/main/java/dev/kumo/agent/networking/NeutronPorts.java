package dev.kumo.agent.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.images.ServiceToken;
import dev.kumo.contracts.instance.AttachedPort;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.RequestedNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The ports of a spawn through the network service's Neutron API, with the agent's service token, as nova-compute
 * asks Neutron: a new port per requested network, made in the tenant's project with the instance as its device and
 * this host as its binding (one already made for this instance is taken again, so a redelivered spawn makes no
 * second port), or the tenant's own port bound here. Then what the host needs of each: the subnets of its fixed IPs,
 * the network's MTU and name, and its security groups' rules with remote groups expanded to their members' addresses.
 */
@ApplicationScoped
public class NeutronPorts implements PortBinder {

    private static final Logger LOG = Logger.getLogger(NeutronPorts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String DEVICE_OWNER = "compute:nova";

    private final HttpClient http;
    private final String url;
    private final ServiceToken token;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public NeutronPorts(AgentConfig config, Clock clock) {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), config.networks().url(), config.images(),
                clock);
    }

    private NeutronPorts(HttpClient http, String url, AgentConfig.Images credentials, Clock clock) {
        this(http, url, new ServiceToken(http, URI.create(credentials.tokenUrl()), credentials.clientId(),
                credentials.clientSecret(), clock));
    }

    public NeutronPorts(HttpClient http, String url, ServiceToken token) {
        this.http = http;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    @Override
    public BoundPorts bind(String host, UUID instanceId, String projectId, List<RequestedNetwork> networks) {
        List<GuestNic> nics = new ArrayList<>();
        List<AttachedPort> attached = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        try {
            for (RequestedNetwork requested : networks) {
                JsonNode port = requested.isExistingPort() ? bindExisting(requested.portId(), host, instanceId)
                        : ensurePort(requested, host, instanceId, projectId, taken);
                taken.add(port.path("id").asText());
                JsonNode network = get("/v2.0/networks/" + port.path("network_id").asText()).path("network");
                nics.add(nicOf(port, network));
                attached.add(attachedOf(port, network, !requested.isExistingPort()));
            }
        } catch (RuntimeException e) {
            release(new BoundPorts(List.of(), attached));
            throw e;
        }
        return new BoundPorts(nics, attached);
    }

    @Override
    public void release(BoundPorts bound) {
        for (AttachedPort port : bound.attached()) {
            try {
                if (port.madeForInstance()) {
                    send("DELETE", "/v2.0/ports/" + port.portId(), null);
                } else {
                    send("PUT", "/v2.0/ports/" + port.portId(), portBody(b -> b.put("device_id", "")
                            .put("device_owner", "").put("binding:host_id", "")));
                }
            } catch (RuntimeException e) {
                LOG.warnf("cannot release port %s: %s", port.portId(), e.getMessage());
            }
        }
    }

    private JsonNode ensurePort(RequestedNetwork requested, String host, UUID instanceId, String projectId,
            Set<String> taken) {
        for (JsonNode existing : get("/v2.0/ports?device_id=" + instanceId).path("ports")) {
            if (existing.path("network_id").asText().equals(requested.networkId())
                    && instanceId.toString().equals(existing.path("device_id").asText())
                    && !taken.contains(existing.path("id").asText())) {
                return bindExisting(existing.path("id").asText(), host, instanceId);
            }
        }
        ObjectNode body = portBody(port -> {
            port.put("network_id", requested.networkId()).put("project_id", projectId)
                    .put("device_id", instanceId.toString()).put("device_owner", DEVICE_OWNER)
                    .put("binding:host_id", host);
            if (requested.fixedIp() != null) {
                port.putArray("fixed_ips").addObject().put("ip_address", requested.fixedIp());
            }
            if (!requested.securityGroups().isEmpty()) {
                requested.securityGroups().forEach(port.putArray("security_groups")::add);
            }
        });
        return send("POST", "/v2.0/ports", body).path("port");
    }

    private JsonNode bindExisting(String portId, String host, UUID instanceId) {
        return send("PUT", "/v2.0/ports/" + portId, portBody(port -> port.put("device_id", instanceId.toString())
                .put("device_owner", DEVICE_OWNER).put("binding:host_id", host))).path("port");
    }

    private GuestNic nicOf(JsonNode port, JsonNode network) {
        List<GuestNic.FixedIp> fixedIps = new ArrayList<>();
        for (JsonNode ip : port.path("fixed_ips")) {
            JsonNode subnet = get("/v2.0/subnets/" + ip.path("subnet_id").asText()).path("subnet");
            List<String> dns = new ArrayList<>();
            subnet.path("dns_nameservers").forEach(server -> dns.add(server.asText()));
            fixedIps.add(new GuestNic.FixedIp(subnet.path("id").asText(), ip.path("ip_address").asText(),
                    subnet.path("cidr").asText(), textOrNull(subnet.path("gateway_ip")), dns,
                    subnet.path("enable_dhcp").asBoolean(true), null));
        }
        Integer mtu = network.path("mtu").isInt() ? network.path("mtu").asInt() : null;
        return new GuestNic(port.path("id").asText(), port.path("network_id").asText(), null,
                port.path("mac_address").asText(), mtu, fixedIps, rules(port));
    }

    private static AttachedPort attachedOf(JsonNode port, JsonNode network, boolean made) {
        List<String> ips = new ArrayList<>();
        port.path("fixed_ips").forEach(ip -> ips.add(ip.path("ip_address").asText()));
        return new AttachedPort(port.path("id").asText(), port.path("network_id").asText(),
                network.path("name").asText(""), port.path("mac_address").asText(), ips, made);
    }

    /** The rules of the port's security groups; a rule naming a remote group becomes one per member address. */
    private List<PortRule> rules(JsonNode port) {
        List<PortRule> rules = new ArrayList<>();
        for (JsonNode group : port.path("security_groups")) {
            for (JsonNode rule : get("/v2.0/security-group-rules?security_group_id=" + encode(group.asText()))
                    .path("security_group_rules")) {
                String remoteGroup = textOrNull(rule.path("remote_group_id"));
                if (remoteGroup == null) {
                    rules.add(ruleOf(rule, textOrNull(rule.path("remote_ip_prefix"))));
                } else {
                    membersOf(remoteGroup, rule.path("ethertype").asText("IPv4"))
                            .forEach(member -> rules.add(ruleOf(rule, member)));
                }
            }
        }
        return rules;
    }

    private List<String> membersOf(String groupId, String ethertype) {
        List<String> members = new ArrayList<>();
        for (JsonNode member : get("/v2.0/ports?security_groups=" + encode(groupId)).path("ports")) {
            boolean inGroup = false;
            for (JsonNode group : member.path("security_groups")) {
                inGroup |= group.asText().equals(groupId);
            }
            if (!inGroup) {
                continue; // a network service that ignores the filter must not widen the rule
            }
            for (JsonNode ip : member.path("fixed_ips")) {
                String address = ip.path("ip_address").asText();
                boolean v6 = address.contains(":");
                if (v6 == "IPv6".equals(ethertype)) {
                    members.add(address + (v6 ? "/128" : "/32"));
                }
            }
        }
        return members;
    }

    private static PortRule ruleOf(JsonNode rule, String remoteCidr) {
        return new PortRule(PortRule.Direction.valueOf(rule.path("direction").asText().toUpperCase(Locale.ROOT)),
                PortRule.Ethertype.valueOf(rule.path("ethertype").asText("IPv4")),
                textOrNull(rule.path("protocol")), intOrNull(rule.path("port_range_min")),
                intOrNull(rule.path("port_range_max")), remoteCidr);
    }

    private ObjectNode portBody(java.util.function.Consumer<ObjectNode> fields) {
        ObjectNode body = json.createObjectNode();
        fields.accept(body.putObject("port"));
        return body;
    }

    private JsonNode get(String path) {
        return send("GET", path, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT)
                .header("X-Auth-Token", token.get()).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                token.invalidate();
            }
            if (response.statusCode() / 100 != 2) {
                throw new NetworkingException("the network service refused " + method + " " + path + " ("
                        + response.statusCode() + "): " + neutronMessage(response.body()));
            }
            return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new NetworkingException("the network service cannot be reached: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkingException("interrupted while calling the network service");
        }
    }

    private String neutronMessage(String body) {
        try {
            return json.readTree(body).path("NeutronError").path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static String textOrNull(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || value.asText().isEmpty() ? null
                : value.asText();
    }

    private static Integer intOrNull(JsonNode value) {
        return value == null || !value.isNumber() ? null : value.asInt();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
