package dev.kumo.image.store;

/** What the store learnt while writing an image: its size, md5 checksum and sha512 hash (hex). */
public record StoredImage(long size, String checksum, String sha512) {

    public static final String HASH_ALGORITHM = "sha512";
}
