package dev.kumo.agent.configdrive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.agent.configdrive.ConfigDriveContent.FixedIp;
import dev.kumo.agent.configdrive.ConfigDriveContent.Nic;
import dev.kumo.agent.configdrive.ConfigDriveContent.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of an OpenStack config drive, by path, as Nova writes them: {@code openstack/<version>/} for each
 * metadata version and {@code latest}, each version with the files and fields it introduced.
 */
final class ConfigDriveFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String FOLSOM = "2012-08-10";
    static final String GRIZZLY = "2013-04-04";
    static final String HAVANA = "2013-10-17";
    static final String LIBERTY = "2015-10-15";
    static final String NEWTON_ONE = "2016-06-30";
    static final String NEWTON_TWO = "2016-10-06";
    /** Oldest first; a version has everything of the versions before it. {@code latest} is the last one. */
    static final List<String> VERSIONS = List.of(FOLSOM, GRIZZLY, HAVANA, LIBERTY, NEWTON_ONE, NEWTON_TWO,
            "2017-02-22", "2018-08-27", "2020-10-14");

    private ConfigDriveFiles() {
    }

    /** @param randomSeed the bytes of meta_data.json's {@code random_seed} (Nova: 512 random bytes) */
    static SortedMap<String, byte[]> of(ConfigDriveContent content, byte[] randomSeed) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String version : VERSIONS) {
            addVersion(files, version, version, content, randomSeed);
        }
        addVersion(files, "latest", VERSIONS.get(VERSIONS.size() - 1), content, randomSeed);
        return files;
    }

    private static void addVersion(Map<String, byte[]> files, String directory, String version,
            ConfigDriveContent content, byte[] randomSeed) {
        String prefix = "openstack/" + directory + "/";
        files.put(prefix + "meta_data.json", json(metaData(content, version, randomSeed)));
        content.userData().ifPresent(bytes -> files.put(prefix + "user_data", bytes));
        if (since(HAVANA, version)) {
            files.put(prefix + "vendor_data.json", json(JSON.createObjectNode()));
        }
        if (since(LIBERTY, version)) {
            files.put(prefix + "network_data.json", json(networkData(content)));
        }
        if (since(NEWTON_TWO, version)) {
            files.put(prefix + "vendor_data2.json", json(JSON.createObjectNode()));
        }
    }

    static ObjectNode metaData(ConfigDriveContent content, String version, byte[] randomSeed) {
        ObjectNode metaData = JSON.createObjectNode();
        metaData.put("uuid", content.instanceId().toString());
        metaData.put("name", content.name());
        metaData.put("hostname", content.hostname());
        if (since(LIBERTY, version)) {
            metaData.put("project_id", content.projectId());
        }
        metaData.put("availability_zone", content.availabilityZone());
        metaData.put("launch_index", content.launchIndex());
        ObjectNode publicKeys = metaData.putObject("public_keys");
        ArrayNode keys = metaData.putArray("keys");
        for (PublicKey key : content.keys()) {
            publicKeys.put(key.name(), key.data());
            keys.addObject().put("name", key.name()).put("type", key.type()).put("data", key.data());
        }
        ObjectNode meta = metaData.putObject("meta");
        content.metadata().forEach(meta::put);
        if (since(NEWTON_ONE, version)) {
            metaData.putArray("devices");
        }
        if (since(GRIZZLY, version)) {
            metaData.put("random_seed", Base64.getEncoder().encodeToString(randomSeed));
        }
        return metaData;
    }

    /** Links (the NICs), networks (static or DHCP, one per NIC) and services (DNS), as Nova's netutils writes. */
    static ObjectNode networkData(ConfigDriveContent content) {
        ObjectNode networkData = JSON.createObjectNode();
        ArrayNode links = networkData.putArray("links");
        ArrayNode networks = networkData.putArray("networks");
        for (int i = 0; i < content.nics().size(); i++) {
            Nic nic = content.nics().get(i);
            String linkId = "tap" + nic.portId().substring(0, Math.min(11, nic.portId().length()));
            ObjectNode link = links.addObject().put("id", linkId).put("vif_id", nic.portId()).put("type", "phy")
                    .put("ethernet_mac_address", nic.macAddress());
            if (nic.mtu().isPresent()) {
                link.put("mtu", nic.mtu().getAsInt());
            } else {
                link.putNull("mtu");
            }
            ObjectNode network = networks.addObject().put("id", "network" + i).put("link", linkId)
                    .put("network_id", nic.networkId());
            if (nic.fixedIp().isPresent()) {
                staticAddress(network, nic.fixedIp().get());
                dnsServices(network.putArray("services"), content.dnsServers());
            } else {
                network.put("type", "ipv4_dhcp");
            }
        }
        dnsServices(networkData.putArray("services"), content.dnsServers());
        return networkData;
    }

    private static void staticAddress(ObjectNode network, FixedIp ip) {
        network.put("type", ip.ipv6() ? "ipv6" : "ipv4")
                .put("ip_address", ip.address())
                .put("netmask", IpLiterals.netmask(ip.prefixLength(), ip.ipv6()));
        ArrayNode routes = network.putArray("routes");
        ip.gateway().ifPresent(gateway -> {
            String any = ip.ipv6() ? "::" : "0.0.0.0";
            routes.addObject().put("network", any).put("netmask", any).put("gateway", gateway);
        });
    }

    private static void dnsServices(ArrayNode services, List<String> dnsServers) {
        dnsServers.forEach(address -> services.addObject().put("type", "dns").put("address", address));
    }

    private static boolean since(String introduced, String version) {
        return VERSIONS.indexOf(version) >= VERSIONS.indexOf(introduced);
    }

    private static byte[] json(ObjectNode document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
