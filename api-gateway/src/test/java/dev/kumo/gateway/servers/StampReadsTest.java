package dev.kumo.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StampReadsTest {

    @Test
    void everyCallerGetsAReadThatStartedAfterItCameInAndConcurrentCallersShareReads() throws Exception {
        AtomicLong commits = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        StampReads reads = new StampReads(() -> {
            queries.incrementAndGet();
            long seen = commits.get();
            Thread.sleep(2);
            return new ServerListCache.Stamp(seen, seen);
        });
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            running.add(callers.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    long committedBefore = commits.incrementAndGet();
                    ServerListCache.Stamp stamp = reads.read();
                    assertTrue(stamp.rows() >= committedBefore, "a read older than the caller's own commit");
                }
                return null;
            }));
        }
        for (Future<?> caller : running) {
            caller.get();
        }
        callers.shutdown();
        assertTrue(queries.get() < 32 * 50, "concurrent callers shared no read: " + queries.get());
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextCallReadsAgain() {
        AtomicLong calls = new AtomicLong();
        StampReads reads = new StampReads(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.sql.SQLException("database gone");
            }
            return new ServerListCache.Stamp(1, 1);
        });
        assertThrows(IllegalStateException.class, reads::read);
        assertEquals(new ServerListCache.Stamp(1, 1), reads.read());
    }
}
