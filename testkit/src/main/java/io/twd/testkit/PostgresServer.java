package io.twd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, run from the machine's PostgreSQL binaries (Debian's
 * {@code /usr/lib/postgresql/<version>/bin}, the highest version found, or the folder named by
 * the system property {@code twd.postgres.bin}): a fresh cluster in a folder, listening on
 * 127.0.0.1 on a free port with its unix socket inside that folder, with {@code fsync=on} and
 * no prepared transactions (the services commit in one phase: a two-phase commit would fail); a login
 * role {@link #USER}/{@link #PASSWORD} owning one database per name given to
 * {@link #start(Path, Collection)}.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root, every PostgreSQL command
 * runs as the user named by the system property {@code twd.postgres.user} (default
 * {@code postgres}, which the Debian package creates) through {@code runuser}, and the cluster
 * folder is handed to that user. Its parent folders must be searchable by that user.
 */
public final class PostgresServer implements AutoCloseable {

    /** The role the services log in with. */
    public static final String USER = "twd";
    /** The password of {@link #USER}. */
    public static final String PASSWORD = "twd";
    /** The cluster's superuser, reachable only through the unix socket. */
    private static final String SUPERUSER = "postgres";
    /** How long initdb, start and stop may take each. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path bin;
    private final int port;
    private final List<String> asUser;
    private Thread shutdownHook;
    private boolean running;

    private PostgresServer(Path dir, Path bin, int port, List<String> asUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asUser = asUser;
    }

    /**
     * Creates a cluster in {@code dir} (deleting what was there), starts it and creates the role
     * {@link #USER} and one database per name, owned by that role.
     *
     * @param dir       the folder for the cluster ({@code data/}), its socket and its log
     * @param databases the databases to create, e.g. the service names
     * @return the running server
     * @throws IllegalStateException if PostgreSQL is not installed or a command fails (with its output)
     */
    public static PostgresServer start(Path dir, Collection<String> databases) {
        Path bin = binDir().orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin: "
                        + "apt-get install -y postgresql, or set -Dtwd.postgres.bin"));
        List<String> asUser = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", System.getProperty("twd.postgres.user", SUPERUSER), "--")
                : List.of();
        PostgresServer server = new PostgresServer(dir.toAbsolutePath(), bin, Ports.free(), asUser);
        server.create();
        server.startServer();
        try {
            server.createDatabases(databases);
        } catch (RuntimeException e) {
            server.stopQuietly();
            throw e;
        }
        return server;
    }

    /**
     * @return the folder with {@code initdb} and {@code pg_ctl}: the system property
     *     {@code twd.postgres.bin} if set, else the highest {@code /usr/lib/postgresql/<version>/bin}
     *     that has both; empty if there is none
     */
    public static Optional<Path> binDir() {
        String configured = System.getProperty("twd.postgres.bin");
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasBinaries);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.map(v -> v.resolve("bin"))
                    .filter(PostgresServer::hasBinaries)
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("psql"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void create() {
        Broker.deleteRecursively(dir);
        try {
            Files.createDirectories(dir.resolve("socket"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!asUser.isEmpty()) {
            requireSearchableParents();
            run(List.of("chown", "-R", asUser.get(2) + ":", dir.toString()), false);
        }
        Path password = dir.resolve("superuser-password");
        write(password, "postgres\n");
        run(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", SUPERUSER,
                "--pwfile=" + password, "-E", "UTF8", "--locale=C", "--auth-local=trust",
                "--auth-host=scram-sha-256"), true);
        // Appended: the last setting of a name in postgresql.conf wins over initdb's defaults.
        append(data().resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + dir.resolve("socket") + "'",
                "max_connections = 200",
                "fsync = on",
                "synchronous_commit = on",
                "shared_buffers = 32MB",
                "log_min_messages = warning",
                ""));
    }

    /** The PostgreSQL user must reach the cluster folder: fail clearly, not deep inside initdb. */
    private void requireSearchableParents() {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException(p + " is not searchable by " + asUser.get(2)
                            + ", who runs PostgreSQL: chmod o+x it, or set -Dtwd.postgres.user");
                }
            } catch (IOException | UnsupportedOperationException e) {
                return;
            }
        }
    }

    private void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", log().toString(),
                "-w", "-t", Long.toString(COMMAND_TIMEOUT.toSeconds()), "start"), true);
        running = true;
        shutdownHook = new Thread(this::stopQuietly, "postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void createDatabases(Collection<String> databases) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "';");
        for (String database : databases) {
            if (!database.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a plain database name: " + database);
            }
            // Quoted: "order" is a reserved word.
            sql.add("CREATE DATABASE \"" + database + "\" OWNER " + USER + " ENCODING 'UTF8';");
        }
        Path script = dir.resolve("create.sql");
        write(script, String.join("\n", sql) + "\n");
        run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", dir.resolve("socket").toString(), "-p", Integer.toString(port), "-U", SUPERUSER,
                "-d", "postgres", "-f", script.toString()), true);
    }

    /**
     * Runs SQL in one of the databases as the superuser (psql over the cluster's socket), e.g. to
     * make a test's conditions in a service's database.
     *
     * @param database a database created by {@link #start}
     * @param sql      one or more statements, each ending with {@code ;}
     * @throws IllegalStateException if a statement fails
     */
    public void sql(String database, String sql) {
        Path script = dir.resolve("script-" + java.util.UUID.randomUUID() + ".sql");
        write(script, sql + "\n");
        try {
            run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-h", dir.resolve("socket").toString(), "-p", Integer.toString(port), "-U", SUPERUSER,
                    "-d", database, "-f", script.toString()), true);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a file of the test cluster's folder
            }
        }
    }

    /** @return {@code 127.0.0.1}, the only address the server listens on */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the TCP port the server listens on */
    public int port() {
        return port;
    }

    /**
     * @param database a database name
     * @return its JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:40123/shop}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** @return the cluster folder */
    public Path dir() {
        return dir;
    }

    /** @return true until {@link #stop()} */
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended, committed data is on disk).
     *
     * @throws IllegalStateException if pg_ctl fails
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w",
                "-t", Long.toString(COMMAND_TIMEOUT.toSeconds()), "stop"), true);
        running = false;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("cannot stop PostgreSQL in " + dir + ": " + e.getMessage());
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return the last lines of the server's log, for failure messages */
    public String logTail() {
        return ManagedProcess.tailOf(log(), 40);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path log() {
        return dir.resolve("postgres.log");
    }

    private void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(Path file, String text) {
        try {
            Files.writeString(file, "\n" + text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(List<String> command, boolean asPostgresUser) {
        List<String> full = new ArrayList<>(asPostgresUser ? asUser : List.of());
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // pg_ctl start leaves the server holding no pipe of ours (it logs to -l), so reading to EOF ends.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + full + "\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (" + process.exitValue() + "): " + full + "\n" + output
                        + (Files.exists(log()) ? "\nserver log:\n" + logTail() : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + full, e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on " + host() + ":" + port + " in " + dir;
    }
}
