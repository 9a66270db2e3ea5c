package dev.kumo.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The JVM-wide embedded PostgreSQL used by {@link PostgresTestResource}. */
final class EmbeddedPostgresHolder {

    private static EmbeddedPostgres postgres;

    private EmbeddedPostgresHolder() {
    }

    static synchronized EmbeddedPostgres get() {
        if (postgres != null) {
            return postgres;
        }
        try {
            Path dataDir = Files.createTempDirectory("kumo-pg-test-");
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workingDirectory())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return postgres;
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Directory the PostgreSQL binaries are unpacked to. When running as root PostgreSQL may have to run as an
     * unprivileged user (nobody), so the directory must be world-writable: a fresh folder under java.io.tmpdir.
     */
    static File workingDirectory() {
        File dir = new File(System.getProperty("java.io.tmpdir"), "kumo-embedded-pg");
        if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
            throw new IllegalStateException("could not create " + dir);
        }
        openUp(dir);
        return dir;
    }

    static void openUp(File dir) {
        dir.setReadable(true, false);
        dir.setWritable(true, false);
        dir.setExecutable(true, false);
    }

    /** Creates a database with the given name unless it exists; {@code owner} may be null. */
    static void createDatabase(Connection admin, String name, String owner) throws SQLException {
        String ident = ident(name);
        try (Statement st = admin.createStatement();
             var rs = st.executeQuery("select 1 from pg_database where datname = '" + name.replace("'", "''") + "'")) {
            if (rs.next()) {
                return;
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("create database " + ident + (owner == null ? "" : " owner " + ident(owner)));
        }
    }

    /** Quotes an SQL identifier. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String randomSuffix() {
        return Long.toHexString(Double.doubleToLongBits(Math.random())).toLowerCase(Locale.ROOT);
    }
}
