package dev.kumo.gateway.servers;

import java.util.Locale;

/** The guest host name Nova derives from a server's display name: lower case, letters, digits and dashes. */
final class Hostnames {

    private static final int MAX = 63;

    private Hostnames() {
    }

    static String of(String displayName) {
        String hostname = displayName.toLowerCase(Locale.ROOT)
                .replaceAll("[ _.]", "-")
                .replaceAll("[^a-z0-9-]", "")
                .replaceAll("^-+|-+$", "");
        if (hostname.length() > MAX) {
            hostname = hostname.substring(0, MAX).replaceAll("-+$", "");
        }
        return hostname.isEmpty() ? "server" : hostname;
    }
}
