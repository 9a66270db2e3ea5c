package dev.kumo.gateway.servers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered server lists, reused while the instances they show have not changed. A list is valid for as long as
 * its scope (a project, or every project) has the same number of instance rows and the same sum of their
 * optimistic-lock versions: every committed change to an instance (state, metadata, tags, deletion) raises its
 * version, and a new instance adds a row, whatever order the transactions commit in. The check is one
 * index-only query, outside any transaction, shared by the requests that arrive while another runs (see
 * {@link StampReads}); rendering, serializing and compressing a thousand servers is what it saves.
 */
@ApplicationScoped
public class ServerListCache {

    private static final int ENTRIES = 64;

    private static final String EVERY_PROJECT = "";

    private final AgroalDataSource database;
    private final ObjectMapper json;
    private final Counter hits;
    private final Counter misses;
    private final Map<String, Entry> lists = new LinkedHashMap<>(ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > ENTRIES;
        }
    };
    private final Map<String, StampReads> stamps = new ConcurrentHashMap<>();
    /** Renders of one key take turns, so that the requests that find a list stale render it once, not each. */
    private final Object[] renders = new Object[ENTRIES];

    public ServerListCache(AgroalDataSource database, ObjectMapper json, MeterRegistry metrics) {
        this.database = database;
        this.json = json;
        this.hits = metrics.counter("kumo.server_lists", "cache", "hit");
        this.misses = metrics.counter("kumo.server_lists", "cache", "miss");
        for (int i = 0; i < renders.length; i++) {
            renders[i] = new Object();
        }
    }

    /** A rendered list: its JSON, and the same gzip-compressed for clients that accept it (most do). */
    public record Rendered(byte[] json, byte[] gzipped) {
    }

    private record Entry(Stamp stamp, Rendered body) {
    }

    /** What the instances of a scope look like now, as far as any list of them could tell. */
    record Stamp(long rows, long versions) {
    }

    /**
     * The list: the cached one if its scope (a project, or every project when null) is unchanged, else freshly
     * rendered in a transaction (and kept). Call it outside a transaction.
     */
    public Rendered list(String key, String projectId, Supplier<Map<String, Object>> render) {
        Stamp now = stamps.computeIfAbsent(projectId == null ? EVERY_PROJECT : projectId,
                scope -> new StampReads(() -> stamp(projectId))).read();
        Rendered fresh = fresh(key, now);
        if (fresh != null) {
            hits.increment();
            return fresh;
        }
        synchronized (renders[Math.floorMod(key.hashCode(), renders.length)]) {
            fresh = fresh(key, now); // rendered by the request this one waited for
            if (fresh != null) {
                hits.increment();
                return fresh;
            }
            misses.increment();
            byte[] json = serialize(QuarkusTransaction.joiningExisting().call(render::get));
            Rendered body = new Rendered(json, gzip(json));
            synchronized (lists) {
                lists.put(key, new Entry(now, body));
            }
            return body;
        }
    }

    private Rendered fresh(String key, Stamp now) {
        Entry cached;
        synchronized (lists) {
            cached = lists.get(key);
        }
        return cached != null && cached.stamp().equals(now) ? cached.body() : null;
    }

    /** Read before rendering: a change committed in between makes the entry stale at once, never wrongly fresh. */
    Stamp stamp(String projectId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(projectId == null
                        ? "select count(*), coalesce(sum(version), 0) from instance"
                        : "select count(*), coalesce(sum(version), 0) from instance where project_id = ?")) {
            if (projectId != null) {
                query.setString(1, projectId);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Stamp(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static byte[] gzip(byte[] json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length / 8 + 64);
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] serialize(Map<String, Object> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a server list", e);
        }
    }
}
