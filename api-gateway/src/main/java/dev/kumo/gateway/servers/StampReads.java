package dev.kumo.gateway.servers;

import java.util.concurrent.Callable;

/**
 * Reads of one scope's {@link ServerListCache.Stamp}, shared by concurrent requests without ever answering one with
 * a read older than its arrival: a request joins the next read to start, never one already running, so the read it
 * gets sees every commit made before the request came in, on any replica. Fifty concurrent lists cost two or three
 * queries instead of fifty, and no request waits longer than the read in flight plus its own.
 */
final class StampReads {

    private final Callable<ServerListCache.Stamp> query;
    private final Object lock = new Object();
    private Read next;
    private boolean reading;

    StampReads(Callable<ServerListCache.Stamp> query) {
        this.query = query;
    }

    /** One read that started after this call did; the caller may end up running it for everyone who joined. */
    ServerListCache.Stamp read() {
        Read mine;
        synchronized (lock) {
            if (next == null) {
                next = new Read();
            }
            mine = next;
            while (reading && !mine.done) {
                waitForRead();
            }
            if (mine.done) {
                return mine.result();
            }
            reading = true;
            next = null; // who comes now joins the read after this one
        }
        try {
            mine.stamp = query.call();
        } catch (Exception e) {
            mine.failure = e;
        } finally {
            synchronized (lock) {
                mine.done = true;
                reading = false;
                lock.notifyAll();
            }
        }
        return mine.result();
    }

    private void waitForRead() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server list's stamp", e);
        }
    }

    /** A read and its outcome; its fields are written and read under the lock (or before others may see it). */
    private static final class Read {
        boolean done;
        ServerListCache.Stamp stamp;
        Exception failure;

        ServerListCache.Stamp result() {
            if (failure != null) {
                throw failure instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("cannot read the server list's stamp", failure);
            }
            return stamp;
        }
    }
}
