package dev.kumo.gateway.keypairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SelfSignedCertificatesTest {

    @Test
    void aGeneratedCertificateParsesVerifiesAgainstItsOwnKeyAndMatchesThePrivateKey() throws Exception {
        String[] generated = SelfSignedCertificates.generate("user-alice");

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(generated[0].getBytes(StandardCharsets.US_ASCII)));
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertEquals("CN=user-alice", certificate.getSubjectX500Principal().getName());
        assertEquals("SHA256withRSA", certificate.getSigAlgName());

        String body = generated[1].replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        var privateKey = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature), "the private key belongs to the certificate");
        assertTrue(PublicKeys.x509Fingerprint(generated[0]).matches("([0-9a-f]{2}:){19}[0-9a-f]{2}"));
    }
}
