package dev.kumo.agent.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTailTest {

    @TempDir
    Path dir;

    @Test
    void theLastLinesAreTheEndOfTheConsole() throws IOException {
        Path console = Files.writeString(dir.resolve("console.log"), "SeaBIOS\nBooting\nLinux version 6.1\nlogin: ");

        assertEquals("Linux version 6.1\nlogin: ", ConsoleTail.of(console, OptionalInt.of(2), 1024));
        assertEquals("login: ", ConsoleTail.of(console, OptionalInt.of(1), 1024));
        assertEquals("", ConsoleTail.of(console, OptionalInt.of(0), 1024));
    }

    @Test
    void withoutALengthTheWholeConsoleIsReturnedAndMoreLinesThanThereAreIsAll() throws IOException {
        String text = "one\ntwo\nthree\n";
        Path console = Files.writeString(dir.resolve("console.log"), text);

        assertEquals(text, ConsoleTail.of(console, OptionalInt.empty(), 1024));
        assertEquals(text, ConsoleTail.of(console, OptionalInt.of(50), 1024));
        // As Nova counts: the empty piece after the final newline is the last "line".
        assertEquals("three\n", ConsoleTail.of(console, OptionalInt.of(2), 1024));
        assertEquals("", ConsoleTail.of(console, OptionalInt.of(1), 1024));
    }

    @Test
    void aConsoleNotWrittenYetIsEmpty() {
        assertEquals("", ConsoleTail.of(dir.resolve("console.log"), OptionalInt.empty(), 1024));
    }

    @Test
    void aHugeConsoleIsReadOnlyAtItsEndStartingWithAWholeLine() throws IOException {
        Path console = dir.resolve("console.log");
        try (Writer writer = Files.newBufferedWriter(console, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 200_000; i++) {
                writer.write("line " + i + " of a guest that talks a lot\n");
            }
        }
        assertTrue(Files.size(console) > 5_000_000);

        String tail = ConsoleTail.of(console, OptionalInt.empty(), ConsoleTail.MAX_BYTES);

        assertTrue(tail.length() <= ConsoleTail.MAX_BYTES);
        assertTrue(tail.startsWith("line "), tail.substring(0, 40));
        assertTrue(tail.endsWith("line 199999 of a guest that talks a lot\n"));
    }

    @Test
    void controlCharactersOtherThanTabAndNewlineAreDropped() throws IOException {
        Path console = Files.write(dir.resolve("console.log"),
                "\u001b[0;32mOK\u001b[0m\tstarted\r\nbell\u0007\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("[0;32mOK[0m\tstarted\nbell\n", ConsoleTail.of(console, OptionalInt.empty(), 1024));
    }
}
