package dev.kumo.contracts.instance;

import java.util.List;
import java.util.Map;

/**
 * What the guest learns about itself from its config drive (Nova's instance metadata): its project, host name,
 * zone and place in a multi-create, the key pair it was given, the tenant's user data and metadata. Only the
 * host that spawns the instance reads it; the scheduler passes it through. Every field but the metadata may be
 * null.
 *
 * @param userData the user data as the API took it: base64, at most 64 KiB
 * @param nics the guest's network interfaces, in the order the guest sees them; empty for none
 */
public record GuestConfig(
        String projectId,
        String hostname,
        String availabilityZone,
        int launchIndex,
        String keyName,
        String publicKey,
        String userData,
        Map<String, String> metadata,
        List<GuestNic> nics) {

    public static final GuestConfig NONE = new GuestConfig(null, null, null, 0, null, null, null, Map.of());

    public GuestConfig {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /** A guest without network interfaces (and messages from before they existed). */
    public GuestConfig(String projectId, String hostname, String availabilityZone, int launchIndex, String keyName,
            String publicKey, String userData, Map<String, String> metadata) {
        this(projectId, hostname, availabilityZone, launchIndex, keyName, publicKey, userData, metadata, List.of());
    }

    /** This configuration with the network interfaces the host made for it. */
    public GuestConfig withNics(List<GuestNic> newNics) {
        return new GuestConfig(projectId, hostname, availabilityZone, launchIndex, keyName, publicKey, userData,
                metadata, newNics);
    }
}
