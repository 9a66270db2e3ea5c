package dev.kumo.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void testResourceGivesAFreshDatabaseEachStart() throws Exception {
        PostgresTestResource first = new PostgresTestResource();
        first.init(Map.of());
        Map<String, String> cfg = first.start();
        String url = cfg.get("quarkus.datasource.jdbc.url");
        assertTrue(url.startsWith("jdbc:postgresql://localhost:"), url);
        try (Connection c = DriverManager.getConnection(url, cfg.get("quarkus.datasource.username"),
                cfg.get("quarkus.datasource.password"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            st.execute("create table t (id int primary key)");
        }

        PostgresTestResource second = new PostgresTestResource();
        second.init(Map.of("reactive", "true"));
        Map<String, String> cfg2 = second.start();
        assertNotEquals(url, cfg2.get("quarkus.datasource.jdbc.url"));
        assertTrue(cfg2.get("quarkus.datasource.reactive.url").startsWith("postgresql://localhost:"));
        try (Connection c = DriverManager.getConnection(cfg2.get("quarkus.datasource.jdbc.url"), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_tables where tablename = 't'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the second database is empty");
        }
        first.stop();
        second.stop();
        try (Connection c = EmbeddedPostgresHolder.get().getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_database where datname like 'kumo_test_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "stop() drops the databases");
        }
    }

    @Test
    void serverSetupIsIdempotentAndCreatesTheServiceDatabases() throws Exception {
        try (Connection admin = EmbeddedPostgresHolder.get().getPostgresDatabase().getConnection()) {
            PostgresServer.setup(admin);
            PostgresServer.setup(admin);
            assertEquals(PostgresServer.DATABASES, ownedByKumo(admin));
        }
        int port = EmbeddedPostgresHolder.get().getPort();
        for (String db : PostgresServer.DATABASES) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + db, "kumo", "kumo");
                 ResultSet rs = c.createStatement().executeQuery("select current_user, current_database()")) {
                rs.next();
                assertEquals("kumo", rs.getString(1));
                assertEquals(db, rs.getString(2));
            }
        }
    }

    /** The real process ./kumo runs: ready line, data kept across a restart, clean stop on SIGTERM. */
    @Test
    void serverProcessKeepsDataAcrossRestarts() throws Exception {
        Path data = Files.createTempDirectory("kumo-pg-server-test-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/kumo_image";

        Process p = startServer(port, data);
        try (Connection c = DriverManager.getConnection(url, "kumo", "kumo"); Statement st = c.createStatement()) {
            st.execute("create table kept (v text)");
            st.execute("insert into kept values ('hello')");
        }
        stop(p);
        assertFalse(new File(data.toFile(), "postmaster.pid").exists(), "PostgreSQL stopped cleanly");

        Process again = startServer(port, data);
        try (Connection c = DriverManager.getConnection(url, "kumo", "kumo");
             ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
            assertTrue(rs.next());
            assertEquals("hello", rs.getString(1));
        } finally {
            stop(again);
        }
    }

    private static Process startServer(int port, Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("kumo-pg-server-", ".log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresServer.class.getName(), "--port", Integer.toString(port), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (out.contains("PostgreSQL ready on port " + port + "\n")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new AssertionError("PostgresServer exited without the ready line:\n" + out);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("PostgresServer not ready in 60 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void stop(Process p) throws Exception {
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "PostgresServer stops on SIGTERM");
    }

    private static List<String> ownedByKumo(Connection c) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "select d.datname from pg_database d join pg_roles r on r.oid = d.datdba "
                        + "where r.rolname = 'kumo' order by d.datname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        names.sort(null);
        List<String> expected = new ArrayList<>(PostgresServer.DATABASES);
        expected.sort(null);
        assertEquals(expected, names);
        return PostgresServer.DATABASES;
    }
}
