package dev.kumo.agent.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The end of a console log, read from the end of the file: at most {@code maxBytes} (Nova's libvirt driver keeps
 * the last 100 KiB too), so a guest that has printed for months costs no more than one that just booted. Control
 * characters other than tab and newline are dropped, as Nova does, since clients put the text in JSON and terminals.
 */
public final class ConsoleTail {

    /** What Nova's libvirt driver returns at most. */
    public static final int MAX_BYTES = 100 * 1024;
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");

    private ConsoleTail() {
    }

    /**
     * The last {@code lines} newline-separated pieces of the file, as Nova's tail counts them (all it keeps when
     * empty); "" when the file does not exist yet.
     */
    public static String of(Path file, OptionalInt lines, int maxBytes) {
        String text = CONTROL.matcher(lastBytes(file, maxBytes)).replaceAll("");
        if (lines.isEmpty()) {
            return text;
        }
        // Nova's tail: the last N pieces of the text split at newlines, so a log ending in a newline counts the
        // empty piece after it (clients such as Tempest count lines the same way).
        String[] pieces = text.split("\n", -1);
        int from = Math.max(0, pieces.length - lines.getAsInt());
        return String.join("\n", java.util.Arrays.copyOfRange(pieces, from, pieces.length));
    }

    /** The last bytes of the file, starting at a line's beginning unless the whole file fits. */
    private static String lastBytes(Path file, int maxBytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = Math.max(0, size - maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // read until full: the file may grow meanwhile, what was there when we looked is enough
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            if (start > 0) {
                int firstNewline = text.indexOf('\n');
                text = firstNewline < 0 ? "" : text.substring(firstNewline + 1); // drop the cut line
            }
            return text;
        } catch (NoSuchFileException e) {
            return ""; // the guest has not written anything yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console log " + file, e);
        }
    }
}
