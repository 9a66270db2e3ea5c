package dev.kumo.agent.disks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The disk files of guests, through {@code qemu-img}: what a file holds, copy-on-write overlays on a cached image,
 * growing a disk, and flattening one into a single file. Every run has a deadline; a failure carries qemu-img's
 * own message.
 */
public final class QemuImg {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration COPY = Duration.ofMinutes(30);

    private final String executable;

    public QemuImg() {
        this("qemu-img");
    }

    public QemuImg(String executable) {
        this.executable = executable;
    }

    /** What {@code qemu-img info} says of the file, read as {@code format} (never probed: a raw image could pose as qcow2). */
    public DiskInfo info(Path file, DiskFormat format) {
        String out = run(QUICK, "info", "-f", format.qemuName(), "--output=json", file.toString());
        try {
            JsonNode info = JSON.readTree(out);
            JsonNode dataFile = info.path("format-specific").path("data").path("data-file");
            return new DiskInfo(info.path("virtual-size").asLong(), textOrNull(info, "backing-filename"),
                    dataFile.isMissingNode() || dataFile.isNull() ? null : dataFile.asText());
        } catch (IOException e) {
            throw new DiskException("qemu-img info of " + file + " is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a qcow2 overlay whose backing file is {@code base}: the instance writes to the overlay, the base stays
     * as downloaded and is shared. {@code sizeBytes} 0 keeps the base's virtual size.
     */
    public void createOverlay(Path base, DiskFormat baseFormat, Path overlay, long sizeBytes) {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2", "-F", baseFormat.qemuName(),
                "-b", base.toAbsolutePath().toString(), overlay.toString()));
        if (sizeBytes > 0) {
            args.add(Long.toString(sizeBytes));
        }
        run(QUICK, args.toArray(String[]::new));
    }

    /** Grows the qcow2 disk to {@code sizeBytes}; a disk already that large or larger is left alone. */
    public void grow(Path disk, long sizeBytes) {
        if (info(disk, DiskFormat.QCOW2).virtualSize() < sizeBytes) {
            run(QUICK, "resize", "-q", "-f", "qcow2", disk.toString(), Long.toString(sizeBytes));
        }
    }

    /** Writes the disk with its whole backing chain into one standalone qcow2 file (a snapshot's data). */
    public void flatten(Path disk, Path target) {
        run(COPY, "convert", "-q", "-f", "qcow2", "-O", "qcow2", disk.toString(), target.toString());
    }

    private String run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        Path output = null;
        try {
            output = Files.createTempFile("kumo-qemu-img", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DiskException("qemu-img " + args[0] + " did not finish within " + timeout, null);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new DiskException("qemu-img " + args[0] + " failed: " + text.strip(), null);
            }
            return text;
        } catch (IOException e) {
            throw new DiskException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskException("interrupted while running qemu-img " + args[0], e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A disk file's virtual size, and the other files it would make QEMU read, if any. */
    public record DiskInfo(long virtualSize, String backingFile, String dataFile) {

        public boolean namesOtherFiles() {
            return backingFile != null || dataFile != null;
        }
    }
}
