package dev.kumo.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Quarkus test resource backed by a real PostgreSQL 14 (zonky embedded binaries, no Docker): one server per JVM,
 * and a fresh, empty database each time the resource starts (that is, for each Quarkus application start).
 * <pre>{@code @QuarkusTestResource(PostgresTestResource.class)}</pre>
 * Returns {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username} and
 * {@code quarkus.datasource.password}; with the init argument {@code reactive=true} also
 * {@code quarkus.datasource.reactive.url}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private boolean reactive;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        reactive = Boolean.parseBoolean(initArgs.getOrDefault("reactive", "false"));
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres pg = EmbeddedPostgresHolder.get();
        database = "kumo_test_" + COUNTER.incrementAndGet() + "_" + EmbeddedPostgresHolder.randomSuffix();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            EmbeddedPostgresHolder.createDatabase(c, database, null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database, e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(pg.getPort(), database));
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        if (reactive) {
            config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + pg.getPort() + "/" + database);
        }
        return config;
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try (Connection c = EmbeddedPostgresHolder.get().getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            st.execute("drop database if exists " + EmbeddedPostgresHolder.ident(database) + " with (force)");
        } catch (SQLException e) {
            System.err.println("[kumo-test-support] could not drop test database " + database + ": " + e);
        }
        database = null;
    }

    /** The JDBC URL of a database of the JVM-wide embedded server (started if needed). */
    public static String jdbcUrl(String database) {
        return jdbcUrl(EmbeddedPostgresHolder.get().getPort(), database);
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }
}
