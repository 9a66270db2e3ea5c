package dev.kumo.agent.networking;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A tenant network's isolated L2 segment on this host, and the names of what makes it: the bridge its ports are
 * on, the network namespace its DHCP server runs in, and the veth pair between the two ({@code dhcp} inside).
 * Interface names are at most 15 characters, so the segment's name is at most 11.
 */
record Segment(String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,11}");
    static final String DHCP_INTERFACE = "dhcp";

    Segment {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a segment name is 1 to 11 of A-Z a-z 0-9 _ -, got " + name);
        }
    }

    /** The sender's segment name, or the first 11 hex digits of the network id. */
    static Segment of(String segment, String networkId) {
        if (segment != null) {
            return new Segment(segment);
        }
        String digits = networkId.replace("-", "").toLowerCase(Locale.ROOT);
        return new Segment(digits.substring(0, Math.min(11, digits.length())));
    }

    String bridge() {
        return "kbr" + name;
    }

    String namespace() {
        return "kumo-dhcp-" + name;
    }

    /** The host's end of the veth pair into the namespace. */
    String veth() {
        return "kvh" + name;
    }
}
