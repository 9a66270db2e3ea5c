package dev.kumo.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationRoundsTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private final RegistrationRounds rounds = new RegistrationRounds(Duration.ofMinutes(10));

    @Test
    void theFirstRoundRegistersEveryHost() {
        RegistrationRounds.Round first = rounds.next(List.of(host("a", 8, START), host("b", 8, START)), START);

        assertTrue(first.refresh());
        assertEquals(List.of("a", "b"), first.registrations().stream().map(HostRegistered::host).toList());
    }

    @Test
    void betweenRefreshesOnlyAHostThatChangedRegistersAgain() {
        sendRound(START, host("a", 8, START), host("b", 8, START));

        Instant minuteLater = START.plusSeconds(60);
        RegistrationRounds.Round next = rounds.next(List.of(host("a", 8, minuteLater), host("b", 16, minuteLater)),
                minuteLater);

        assertFalse(next.refresh());
        assertEquals(List.of(host("b", 16, minuteLater)), next.registrations());
    }

    @Test
    void anUnchangedFleetSendsNothingUntilTheRefreshThenEverything() {
        sendRound(START, host("a", 8, START), host("b", 8, START));

        Instant beforeRefresh = START.plus(Duration.ofMinutes(9));
        assertEquals(List.of(), rounds.next(List.of(host("a", 8, beforeRefresh), host("b", 8, beforeRefresh)),
                beforeRefresh).registrations());
        Instant refresh = START.plus(Duration.ofMinutes(10));
        RegistrationRounds.Round round = rounds.next(List.of(host("a", 8, refresh), host("b", 8, refresh)), refresh);
        assertTrue(round.refresh());
        assertEquals(2, round.registrations().size());
    }

    @Test
    void aRoundThatDidNotReachTheBrokerIsTriedAgainWhole() {
        RegistrationRounds.Round lost = rounds.next(List.of(host("a", 8, START)), START);
        assertTrue(lost.refresh());

        Instant retry = START.plusSeconds(5);
        RegistrationRounds.Round again = rounds.next(List.of(host("a", 8, retry)), retry);

        assertTrue(again.refresh(), "nothing was recorded as sent, so the retry is a refresh again");
        assertEquals(1, again.registrations().size());
    }

    private void sendRound(Instant at, HostRegistered... hosts) {
        rounds.sent(rounds.next(List.of(hosts), at), at);
    }

    private static HostRegistered host(String name, int vcpus, Instant at) {
        return new HostRegistered(name, "test", "test", "test:///default", new Resources(vcpus, 8192, 100), at,
                "http://agent:8094", "x86_64", List.of("COMPUTE_NODE"));
    }
}
