package dev.kumo.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordAuthRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenClaims ALICE = new TokenClaims("jti", "u1", "alice", "p-acme", "acme",
            List.of("member"), Instant.EPOCH, Instant.EPOCH, null);

    @Test
    void aProjectScopedByNameInTheDefaultDomainIsRead() throws Exception {
        PasswordAuthRequest request = parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "domain": {"name": "Default"}, "password": "s3cret"}}},
                 "scope": {"project": {"name": "acme", "domain": {"id": "default"}}}}}""");

        assertEquals("alice", request.userName());
        assertEquals("s3cret", request.password());
        assertEquals("acme", request.projectName());
        assertTrue(request.scopeMatches(ALICE));
    }

    @Test
    void aScopeToAnotherProjectDoesNotMatch() throws Exception {
        PasswordAuthRequest byId = parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "password": "x"}}}, "scope": {"project": {"id": "p-globex"}}}}""");

        assertFalse(byId.scopeMatches(ALICE));
    }

    @Test
    void aRequestWithoutScopeMatchesTheUsersOwnProject() throws Exception {
        PasswordAuthRequest request = parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "u1", "password": "x"}}}}}""");

        assertTrue(request.scopeMatches(ALICE));
        assertEquals("u1", request.userId());
    }

    @Test
    void theUsersDomainIsKeptForTheFacadeToCheck() throws Exception {
        PasswordAuthRequest request = parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "domain": {"name": "Elsewhere"}, "password": "x"}}}}}""");
        assertEquals("Elsewhere", request.userDomainName());
        assertEquals(null, request.userDomainId());
    }

    @Test
    void missingPiecesAreBadRequestsThatSayWhatIsMissing() {
        assertEquals("Expecting to find auth in request body.",
                assertThrows(IdentityError.class, () -> parse("{}")).getMessage());
        assertEquals("Expecting to find password in user.", assertThrows(IdentityError.class, () -> parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice"}}}}}""")).getMessage());
    }

    @Test
    void theCatalogOffersEveryServiceOnThreeInterfaces() {
        var catalog = ServiceCatalog.of("http://cloud:8080/", "RegionOne");

        assertEquals(List.of("compute", "image", "network", "identity"), catalog.stream().map(s -> s.get("type")).toList());
        @SuppressWarnings("unchecked")
        var endpoints = (List<java.util.Map<String, Object>>) catalog.get(0).get("endpoints");
        assertEquals(List.of("public", "internal", "admin"), endpoints.stream().map(e -> e.get("interface")).toList());
        assertEquals("http://cloud:8080/compute/v2.1", endpoints.get(0).get("url"));
    }

    private static PasswordAuthRequest parse(String json) throws Exception {
        return PasswordAuthRequest.from(JSON.readTree(json));
    }
}
