package dev.kumo.gateway.identity;

import java.util.regex.Pattern;

/** Keystone shows ids as 32 hex digits; Keycloak keeps the same UUIDs with dashes. */
final class KeystoneIds {

    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private KeystoneIds() {
    }

    static String of(String keycloakId) {
        return keycloakId.replace("-", "");
    }

    /** Keycloak's id for a Keystone id, or null when the id cannot be one of Keycloak's. */
    static String keycloak(String keystoneId) {
        if (keystoneId == null || !HEX32.matcher(keystoneId).matches()) {
            return null;
        }
        return keystoneId.substring(0, 8) + "-" + keystoneId.substring(8, 12) + "-" + keystoneId.substring(12, 16)
                + "-" + keystoneId.substring(16, 20) + "-" + keystoneId.substring(20);
    }
}
