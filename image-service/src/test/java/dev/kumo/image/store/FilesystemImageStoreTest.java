package dev.kumo.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store keeps whole images only, and knows their size and hashes. */
class FilesystemImageStoreTest {

    @TempDir
    Path directory;

    @Test
    void whatIsWrittenIsReadBackWithItsSizeAndHashes() throws IOException {
        FilesystemImageStore store = new FilesystemImageStore(directory);
        UUID id = UUID.randomUUID();

        StoredImage stored = store.write(id, new ByteArrayInputStream("abc".getBytes()), 100);

        assertEquals(3, stored.size());
        assertEquals("900150983cd24fb0d6963f7d28e17f72", stored.checksum());
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", stored.sha512());
        try (InputStream in = store.read(id)) {
            assertArrayEquals("abc".getBytes(), in.readAllBytes());
        }
    }

    @Test
    void dataOverTheLimitLeavesNothingBehind() throws IOException {
        FilesystemImageStore store = new FilesystemImageStore(directory);
        UUID id = UUID.randomUUID();

        assertThrows(ImageTooLarge.class, () -> store.write(id, new ByteArrayInputStream(new byte[11]), 10));

        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
        assertThrows(NoSuchFileException.class, () -> store.read(id));
    }

    @Test
    void aBrokenUploadIsTheClientsFaultAndLeavesNothingBehind() throws IOException {
        FilesystemImageStore store = new FilesystemImageStore(directory);
        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 5) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };

        assertThrows(UnreadableUpload.class, () -> store.write(UUID.randomUUID(), broken, 100));
        try (var files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void deletingRemovesTheDataAndIsIdempotent() throws IOException {
        FilesystemImageStore store = new FilesystemImageStore(directory);
        UUID id = UUID.randomUUID();
        store.write(id, new ByteArrayInputStream(new byte[] {1}), 10);

        store.delete(id);
        store.delete(id);

        assertThrows(NoSuchFileException.class, () -> store.read(id));
    }
}
