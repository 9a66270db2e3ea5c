package dev.kumo.gateway.servers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered server lists, reused while the instances they show have not changed. A list is valid for as long as
 * its scope (a project, or every project) has the same number of instance rows and the same sum of their
 * optimistic-lock versions: every committed change to an instance (state, metadata, tags, deletion) raises its
 * version, and a new instance adds a row, whatever order the transactions commit in. The check is one
 * index-only query; rendering and serializing a thousand servers is what it saves.
 */
@ApplicationScoped
public class ServerListCache {

    private static final int ENTRIES = 64;

    private final EntityManager entities;
    private final ObjectMapper json;
    private final Counter hits;
    private final Counter misses;
    private final Map<String, Entry> lists = new LinkedHashMap<>(ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > ENTRIES;
        }
    };

    public ServerListCache(EntityManager entities, ObjectMapper json, MeterRegistry metrics) {
        this.entities = entities;
        this.json = json;
        this.hits = metrics.counter("kumo.server_lists", "cache", "hit");
        this.misses = metrics.counter("kumo.server_lists", "cache", "miss");
    }

    /** A rendered list: its JSON, and the same gzip-compressed for clients that accept it (most do). */
    public record Rendered(byte[] json, byte[] gzipped) {
    }

    private record Entry(Stamp stamp, Rendered body) {
    }

    /** What the instances of a scope look like now, as far as any list of them could tell. */
    record Stamp(long rows, long versions) {
    }

    /** The list: the cached one if its scope is unchanged, else freshly rendered (and kept). */
    public Rendered list(String key, String projectId, Supplier<Map<String, Object>> render) {
        Stamp now = stamp(projectId);
        Entry cached;
        synchronized (lists) {
            cached = lists.get(key);
        }
        if (cached != null && cached.stamp().equals(now)) {
            hits.increment();
            return cached.body();
        }
        misses.increment();
        byte[] json = serialize(render.get());
        Rendered body = new Rendered(json, gzip(json));
        synchronized (lists) {
            lists.put(key, new Entry(now, body));
        }
        return body;
    }

    /** Read before rendering: a change committed in between makes the entry stale at once, never wrongly fresh. */
    Stamp stamp(String projectId) {
        Object[] row = (Object[]) (projectId == null
                ? entities.createNativeQuery("select count(*), coalesce(sum(version), 0) from instance")
                : entities.createNativeQuery("select count(*), coalesce(sum(version), 0) from instance"
                        + " where project_id = ?1").setParameter(1, projectId))
                .getSingleResult();
        return new Stamp(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
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
