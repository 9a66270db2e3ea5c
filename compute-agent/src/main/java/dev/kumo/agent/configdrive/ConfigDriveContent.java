package dev.kumo.agent.configdrive;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What an instance's config drive tells the guest, in the words of Nova's metadata service.
 *
 * @param hostname as the guest should call itself, e.g. {@code web-1} or {@code web-1.novalocal}
 * @param availabilityZone {@code null} writes JSON null
 * @param metadata the server's metadata ({@code meta}), written sorted by key
 * @param userData the decoded bytes of the user data the API took base64-encoded; written only when present
 */
public record ConfigDriveContent(UUID instanceId, String name, String hostname, String projectId,
        String availabilityZone, int launchIndex, List<PublicKey> keys, Map<String, String> metadata,
        Optional<byte[]> userData, List<Nic> nics, List<String> dnsServers) {

    public ConfigDriveContent {
        Objects.requireNonNull(instanceId, "instanceId");
        name = Objects.requireNonNullElse(name, "");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(projectId, "projectId");
        if (launchIndex < 0) {
            throw new IllegalArgumentException("launchIndex must not be negative, got " + launchIndex);
        }
        keys = List.copyOf(keys);
        metadata = new TreeMap<>(metadata);
        userData = userData.map(bytes -> Arrays.copyOf(bytes, bytes.length));
        nics = List.copyOf(nics);
        dnsServers = List.copyOf(dnsServers);
    }

    @Override
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    @Override
    public Optional<byte[]> userData() {
        return userData.map(bytes -> Arrays.copyOf(bytes, bytes.length));
    }

    /** A key pair's public key; {@code type} is {@code ssh} or {@code x509}, as in Nova. */
    public record PublicKey(String name, String type, String data) {

        public PublicKey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }

        public static PublicKey ssh(String name, String data) {
            return new PublicKey(name, "ssh", data);
        }
    }

    /**
     * A network interface of the guest: its port, the network the port is on, its MAC address, and either a fixed
     * IP the guest configures statically or none, when the guest asks DHCP.
     */
    public record Nic(String portId, String networkId, String macAddress, OptionalInt mtu, Optional<FixedIp> fixedIp) {

        private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

        public Nic {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(networkId, "networkId");
            macAddress = Objects.requireNonNull(macAddress, "macAddress").toLowerCase(Locale.ROOT);
            if (!MAC.matcher(macAddress).matches()) {
                throw new IllegalArgumentException("macAddress must look like fa:16:3e:00:00:01, got " + macAddress);
            }
            Objects.requireNonNull(mtu, "mtu");
            Objects.requireNonNull(fixedIp, "fixedIp");
        }
    }

    /** An IPv4 or IPv6 address with its subnet's prefix length and, optionally, the subnet's gateway. */
    public record FixedIp(String address, int prefixLength, Optional<String> gateway) {

        public FixedIp {
            int bits = IpLiterals.parse("address", address).getAddress().length * 8;
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException("prefixLength of " + address + " must be 0 to " + bits
                        + ", got " + prefixLength);
            }
            gateway.ifPresent(ip -> IpLiterals.parse("gateway", ip));
        }

        public boolean ipv6() {
            return address.contains(":");
        }
    }
}
