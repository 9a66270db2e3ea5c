package dev.kumo.testsupport;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The local PostgreSQL that {@code ./kumo up} runs (a real PostgreSQL 14 from the zonky binaries):
 * <pre>
 * java -cp 'test-support/target/test-support-0.1.0-SNAPSHOT.jar:test-support/target/lib/*' \
 *     dev.kumo.testsupport.PostgresServer --port 5433 --data-dir .kumo/data/postgres
 * </pre>
 * Keeps its data across restarts, creates (idempotently) the role {@code kumo} (password {@code kumo}) and the
 * databases {@link #DATABASES} owned by it, prints {@code PostgreSQL ready on port N}, then blocks until SIGTERM /
 * SIGINT, on which it stops PostgreSQL cleanly.
 */
public final class PostgresServer {

    public static final String ROLE = "kumo";
    public static final String PASSWORD = "kumo";
    public static final List<String> DATABASES = List.of("kumo_gateway", "kumo_scheduler", "kumo_image", "kumo_network");

    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 5433;
        Path dataDir = null;
        File workDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i)).toAbsolutePath();
                case "--work-dir" -> workDir = Path.of(value(args, ++i)).toAbsolutePath().toFile();
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (dataDir == null) {
            System.err.println("--data-dir is required");
            usage();
            System.exit(2);
        }
        File data = dataDir.toFile();
        if (!data.isDirectory() && !data.mkdirs()) {
            throw new IllegalStateException("could not create " + data);
        }
        if (workDir == null) {
            workDir = EmbeddedPostgresHolder.workingDirectory();
        } else {
            workDir.mkdirs();
            EmbeddedPostgresHolder.openUp(workDir);
        }

        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(workDir)
                    .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                    .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (Exception e) {
            System.err.println("PostgreSQL failed to start on port " + port + " (data " + data + "): " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping PostgreSQL on port " + pg.getPort());
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("error while stopping PostgreSQL: " + e);
            }
            System.out.println("PostgreSQL stopped");
            System.out.flush();
            stopped.countDown();
        }, "kumo-postgres-stop"));

        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            setup(c);
        } catch (SQLException e) {
            System.err.println("PostgreSQL setup failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("PostgreSQL ready on port " + pg.getPort());
        System.out.flush();
        // Block until the JVM is asked to stop; the shutdown hook stops PostgreSQL.
        stopped.await();
    }

    /** Creates (idempotently) the {@code kumo} role and the service databases it owns. Needs a superuser connection. */
    public static void setup(Connection superuser) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute("do $$ begin "
                    + "if not exists (select from pg_roles where rolname = '" + ROLE + "') then "
                    + "create role " + ROLE + " login createdb password '" + PASSWORD + "'; "
                    + "end if; end $$");
            st.execute("alter role " + ROLE + " login createdb password '" + PASSWORD + "'");
        }
        for (String db : DATABASES) {
            EmbeddedPostgresHolder.createDatabase(superuser, db, ROLE);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("missing value for " + args[i - 1]);
            System.exit(2);
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: PostgresServer --data-dir DIR [--port 5433] [--work-dir DIR]");
    }
}
