package dev.kumo.agent.configdrive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes an instance's OpenStack config drive: an ISO 9660 image labelled {@code config-2} holding Nova's
 * {@code openstack/<version>/} files, made by {@code genisoimage} with Nova's options. The files are laid out in a
 * fresh directory beside the image and the image appears under its name only when complete.
 */
public final class ConfigDrive {

    public static final String VOLUME_LABEL = "config-2";
    private static final int STDERR_SHOWN = 2000;

    private final String genisoimage;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /** {@code genisoimage} from the PATH, given a minute. */
    public ConfigDrive() {
        this("genisoimage", Duration.ofMinutes(1));
    }

    public ConfigDrive(String genisoimage, Duration timeout) {
        this.genisoimage = genisoimage;
        this.timeout = timeout;
    }

    /**
     * Writes the drive of {@code content} to {@code iso}, replacing any file there.
     *
     * @throws ConfigDriveException when the files cannot be written or genisoimage is missing, fails or hangs
     */
    public void write(ConfigDriveContent content, Path iso) {
        Path target = iso.toAbsolutePath();
        Path directory = target.getParent();
        byte[] randomSeed = new byte[512];
        random.nextBytes(randomSeed);
        Path tree = null;
        Path partial = null;
        try {
            Files.createDirectories(directory);
            tree = Files.createTempDirectory(directory, ".config-drive-");
            for (Map.Entry<String, byte[]> file : ConfigDriveFiles.of(content, randomSeed).entrySet()) {
                Path path = tree.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            partial = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
            runGenisoimage(tree, partial, target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
        } catch (IOException e) {
            throw new ConfigDriveException("cannot write the config drive " + target + ": " + e, e);
        } finally {
            deleteQuietly(partial);
            deleteQuietly(tree);
        }
    }

    private void runGenisoimage(Path tree, Path output, Path target) throws IOException {
        List<String> command = List.of(genisoimage, "-o", output.toString(), "-ldots", "-allow-lowercase",
                "-allow-multidot", "-l", "-publisher", "Kumo", "-quiet", "-J", "-r", "-V", VOLUME_LABEL,
                tree.toString());
        // Its messages go to a file, not a pipe: a pipe nobody reads while waiting could fill and stall it.
        Path messages = Files.createTempFile(target.getParent(), ".genisoimage-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(messages.toFile()).start();
            } catch (IOException e) {
                throw new ConfigDriveException("cannot run '" + genisoimage + "' to write the config drive " + target
                        + " (is the Debian package genisoimage installed?): " + e.getMessage(), e);
            }
            if (!waitFor(process)) {
                process.destroyForcibly();
                throw new ConfigDriveException("genisoimage did not finish the config drive " + target + " within "
                        + timeout.toSeconds() + " s: " + tail(messages));
            }
            if (process.exitValue() != 0) {
                throw new ConfigDriveException("genisoimage failed with exit code " + process.exitValue()
                        + " writing the config drive " + target + ": " + tail(messages));
            }
        } finally {
            Files.deleteIfExists(messages);
        }
    }

    private boolean waitFor(Process process) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ConfigDriveException("interrupted while genisoimage wrote a config drive", e);
        }
    }

    private static String tail(Path messages) throws IOException {
        String text = new String(Files.readAllBytes(messages), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "(it printed nothing)";
        }
        return text.length() <= STDERR_SHOWN ? text : "..." + text.substring(text.length() - STDERR_SHOWN);
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover hidden temporary beside the drive is harmless; the drive itself is what matters.
        }
    }
}
