package dev.kumo.gateway.keypairs;

import dev.kumo.gateway.compute.ComputeError;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Checks imported public keys, computes Nova's fingerprints, and generates key pairs. */
final class PublicKeys {

    private static final Set<String> SSH_TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    private PublicKeys() {
    }

    /** The MD5 fingerprint of an OpenSSH public key ({@code aa:bb:...}); 400 when it is not one. */
    static String sshFingerprint(String publicKey) {
        String[] parts = publicKey.strip().split("\\s+");
        if (parts.length < 2 || !SSH_TYPES.contains(parts[0])) {
            throw invalid();
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!parts[0].equals(firstString(blob))) {
            throw invalid();
        }
        return colonHex(digest("MD5", blob));
    }

    /** The SHA-1 fingerprint of a PEM X.509 certificate; 400 when it is not one. */
    static String x509Fingerprint(String certificate) {
        try {
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getBytes(StandardCharsets.US_ASCII)));
            return colonHex(digest("SHA-1", parsed.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid();
        }
    }

    /** A new RSA key pair: the OpenSSH public key and the PEM private key, which Kumo never stores. */
    static String[] generateSsh(String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            byte[] blob = concat(sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII)),
                    sshString(key.getPublicExponent().toByteArray()), sshString(key.getModulus().toByteArray()));
            String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob) + " " + comment;
            String privateKey = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return new String[] {publicKey, privateKey};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    private static String firstString(byte[] blob) {
        if (blob.length < 4) {
            return "";
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        int length = buffer.getInt();
        if (length < 0 || length > blob.length - 4) {
            return "";
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    private static byte[] sshString(byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String colonHex(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        StringBuilder colons = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                colons.append(':');
            }
            colons.append(hex, i, i + 2);
        }
        return colons.toString();
    }

    private static ComputeError invalid() {
        return ComputeError.badRequest("Keypair data is invalid: failed to generate fingerprint");
    }
}
