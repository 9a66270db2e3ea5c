package dev.kumo.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationCredentialSecretTest {

    @Test
    void aGeneratedSecretIsUrlSafeUniqueAndNeverReadsAsACommandLineOption() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String secret = ApplicationCredentials.newSecret();
            assertFalse(secret.startsWith("-"), secret);
            assertTrue(secret.matches("[A-Za-z0-9_-]{86}"), secret);
            secrets.add(secret);
        }
        assertEquals(2_000, secrets.size());
    }
}
