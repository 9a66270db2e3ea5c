package dev.kumo.agent.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstanceOperated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionOutcomesTest {

    @TempDir
    Path dir;

    private final UUID instance = UUID.randomUUID();

    @Test
    void anAnswerIsKnownByInstanceOperationAndRequestIdAcrossRestarts() {
        Path file = dir.resolve("server-actions");
        InstanceOperated rebooted = answer(PowerOperation.REBOOT_SOFT, "req-1");
        ActionOutcomes.in(file, 10).record(rebooted);

        ActionOutcomes restarted = ActionOutcomes.in(file, 10);

        assertEquals(Optional.of(rebooted), restarted.of(command(PowerOperation.REBOOT_SOFT, "req-1")));
        assertEquals(Optional.empty(), restarted.of(command(PowerOperation.REBOOT_HARD, "req-1")));
        assertEquals(Optional.empty(), restarted.of(command(PowerOperation.REBOOT_SOFT, "req-2")));
    }

    @Test
    void commandsWithoutARequestIdAreNeverTakenForRedeliveries() {
        ActionOutcomes outcomes = ActionOutcomes.inMemory();

        outcomes.record(answer(PowerOperation.STOP, null));

        assertEquals(Optional.empty(), outcomes.of(command(PowerOperation.STOP, null)));
    }

    @Test
    void onlyTheNewestAnswersAreKeptAndTheFileIsCompactedWhenItHasGrownToTwiceAsMany() throws Exception {
        Path file = dir.resolve("server-actions");
        ActionOutcomes outcomes = ActionOutcomes.in(file, 3);

        for (int i = 1; i <= 7; i++) {
            outcomes.record(answer(PowerOperation.PAUSE, "req-" + i));
        }

        assertEquals(3, Files.readAllLines(file).size(), "compacted to the 3 newest when the 7th line came");
        ActionOutcomes restarted = ActionOutcomes.in(file, 3);
        assertEquals(Optional.empty(), restarted.of(command(PowerOperation.PAUSE, "req-4")));
        assertTrue(restarted.of(command(PowerOperation.PAUSE, "req-5")).isPresent());
        assertTrue(restarted.of(command(PowerOperation.PAUSE, "req-7")).isPresent());
    }

    @Test
    void anUnreadableLineIsSkipped() throws Exception {
        Path file = dir.resolve("server-actions");
        ActionOutcomes.in(file, 10).record(answer(PowerOperation.START, "req-1"));
        Files.writeString(file, "{not json\n", StandardOpenOption.APPEND);

        assertTrue(ActionOutcomes.in(file, 10).of(command(PowerOperation.START, "req-1")).isPresent());
    }

    private OperateInstance command(PowerOperation operation, String requestId) {
        return new OperateInstance("node-1", instance, operation, requestId);
    }

    private InstanceOperated answer(PowerOperation operation, String requestId) {
        return new InstanceOperated(instance, "node-1", operation, PowerState.RUNNING, requestId, null);
    }
}
