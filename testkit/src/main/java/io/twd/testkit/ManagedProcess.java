package io.twd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process the tests start, with its output in a log file, that can be stopped
 * gracefully, killed with SIGKILL, or frozen with SIGSTOP and thawed with SIGCONT.
 */
public class ManagedProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path log;
    private Process process;

    /**
     * @param name        short name for messages, e.g. {@code broker}
     * @param command     the command line
     * @param environment variables added to this JVM's environment
     * @param workingDir  the working directory
     * @param log         file receiving stdout and stderr (appended)
     */
    public ManagedProcess(String name, List<String> command, Map<String, String> environment, Path workingDir,
                          Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.log = log;
    }

    /**
     * Starts the process (again, if it ran before).
     *
     * @throws IllegalStateException if it is running
     * @throws UncheckedIOException  if it cannot be started
     */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** @return true while the process runs (also while frozen) */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** @return the process id; the process must have been started */
    public synchronized long pid() {
        return process.pid();
    }

    /** Kills the process and its children at once (SIGKILL), and waits until they are gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        signal("CONT");
        descendantsAndSelf().forEach(ProcessHandle::destroyForcibly);
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Asks the process to terminate (SIGTERM), waits up to {@code timeout}, then kills it.
     *
     * @param timeout how long a graceful stop may take
     */
    public synchronized void terminate(Duration timeout) {
        if (process == null || !process.isAlive()) {
            return;
        }
        signal("CONT");
        process.destroy();
        if (!awaitExit(timeout)) {
            kill();
        }
    }

    /** Freezes the process and its children (SIGSTOP): it keeps its sockets but answers nothing. */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** Thaws a frozen process (SIGCONT). */
    public synchronized void thaw() {
        signal("CONT");
    }

    /**
     * @param lines how many lines
     * @return the last lines of the process's log, for failure messages
     */
    public String tail(int lines) {
        return tailOf(log, lines);
    }

    /**
     * @param file  a text file
     * @param lines how many lines
     * @return its last lines, or a note that it cannot be read
     */
    public static String tailOf(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            descendantsAndSelf().forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join());
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Stream<ProcessHandle> descendantsAndSelf() {
        return Stream.concat(process.descendants(), Stream.of(process.toHandle())).filter(ProcessHandle::isAlive);
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        descendantsAndSelf().forEach(p -> {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String toString() {
        return name;
    }
}
