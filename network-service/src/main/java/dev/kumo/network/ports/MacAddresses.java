package dev.kumo.network.ports;

import dev.kumo.network.errors.NeutronError;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** MAC addresses of ports: Neutron's base {@code fa:16:3e} and three random octets, unique on their network. */
public final class MacAddresses {

    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddresses() {
    }

    /** A new address not yet used on the network; the unique key (network, mac) is the final word. */
    public static String generate(UUID networkId) {
        while (true) {
            String mac = String.format("fa:16:3e:%02x:%02x:%02x", RANDOM.nextInt(256), RANDOM.nextInt(256), RANDOM.nextInt(256));
            if (!inUse(networkId, mac)) {
                return mac;
            }
        }
    }

    /** A requested address, normalized (lower case, colons); 400 unless it is a usable unicast MAC. */
    public static String requested(String text) {
        if (text == null || !MAC.matcher(text).matches()) {
            throw NeutronError.invalidInput("mac_address", "'" + text + "' is not a valid MAC address");
        }
        String mac = text.replace('-', ':').toLowerCase(Locale.ROOT);
        if (mac.equals("00:00:00:00:00:00") || mac.equals("ff:ff:ff:ff:ff:ff")) {
            throw NeutronError.invalidInput("mac_address", "'" + text + "' is not a valid MAC address");
        }
        return mac;
    }

    public static void requireFree(UUID networkId, String mac) {
        if (inUse(networkId, mac)) {
            throw NeutronError.conflict("MacAddressInUse", "Unable to complete operation for network " + networkId
                    + ". The mac address " + mac + " is in use.");
        }
    }

    private static boolean inUse(UUID networkId, String mac) {
        return Port.count("networkId = ?1 and macAddress = ?2", networkId, mac) > 0;
    }
}
