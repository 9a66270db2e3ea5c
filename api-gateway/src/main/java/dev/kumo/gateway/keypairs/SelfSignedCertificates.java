package dev.kumo.gateway.keypairs;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Generates x509 keypairs as Nova does for {@code type: x509}: a new RSA key and a self-signed certificate for it
 * (X.509 v1, SHA-256 with RSA), encoded by hand in DER since the JDK has no public API for making certificates.
 */
final class SelfSignedCertificates {

    private static final byte SEQUENCE = 0x30;
    private static final byte SET = 0x31;
    private static final byte INTEGER = 0x02;
    private static final byte BIT_STRING = 0x03;
    private static final byte UTF8_STRING = 0x0c;
    private static final byte UTC_TIME = 0x17;
    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x0b, 0x05, 0x00};
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificates() {
    }

    /** The PEM certificate (the keypair's public key) and the PEM private key, which Kumo never stores. */
    static String[] generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            byte[] name = tlv(SEQUENCE, tlv(SET, tlv(SEQUENCE, COMMON_NAME,
                    tlv(UTF8_STRING, commonName.getBytes(StandardCharsets.UTF_8)))));
            byte[] tbs = tlv(SEQUENCE,
                    tlv(INTEGER, new BigInteger(64, RANDOM).add(BigInteger.ONE).toByteArray()),
                    tlv(SEQUENCE, SHA256_WITH_RSA),
                    name,
                    tlv(SEQUENCE, utcTime(now), utcTime(now.plus(VALIDITY))),
                    name,
                    pair.getPublic().getEncoded());
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] certificate = tlv(SEQUENCE, tbs, tlv(SEQUENCE, SHA256_WITH_RSA),
                    tlv(BIT_STRING, new byte[] {0}, signer.sign()));
            return new String[] {pem("CERTIFICATE", certificate), pem("PRIVATE KEY", pair.getPrivate().getEncoded())};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an x509 keypair", e);
        }
    }

    private static byte[] utcTime(Instant at) {
        return tlv(UTC_TIME, UTC.format(at).getBytes(StandardCharsets.US_ASCII));
    }

    /** A DER tag-length-value of the concatenated parts. */
    private static byte[] tlv(byte tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int start = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - start));
            out.write(bytes, start, bytes.length - start);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
