package io.twd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's queues as its own tool reports them ({@code artemis queue stat --json}): how
 * many events the consumers have not yet taken, and how many sit on the dead-letter queues.
 */
final class BrokerQueues {

    private BrokerQueues() {
    }

    /**
     * @param root   the repository (the broker distribution is under {@code broker/target})
     * @param runDir where the tool's output goes
     * @return messages on the subscription queues ({@code <service>\.<topic>}), 0 or more
     * @throws IOException          if the tool cannot be run or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static long pendingEvents(Path root, Path runDir) throws IOException, InterruptedException {
        return count(root, runDir, false);
    }

    /**
     * @param root   the repository
     * @param runDir where the tool's output goes
     * @return messages on the dead-letter queues ({@code DLQ.<address>}), 0 or more
     * @throws IOException          if the tool cannot be run or its output read
     * @throws InterruptedException if interrupted while waiting for it
     */
    static long deadLetters(Path root, Path runDir) throws IOException, InterruptedException {
        return count(root, runDir, true);
    }

    private static long count(Path root, Path runDir, boolean deadLetters) throws IOException, InterruptedException {
        Path out = runDir.resolve("queue-stat.json");
        Process process = new ProcessBuilder(List.of("bash", BrokerPerf.artemisHome(root).resolve("bin/artemis").toString(),
                "queue", "stat", "--url=tcp://127.0.0.1:61616", "--user=twd", "--password=twd", "--maxRows=500", "--json"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("artemis queue stat failed: see " + out);
        }
        String text = Files.readString(out);
        JsonNode data = new ObjectMapper().readTree(text.substring(Math.max(0, text.indexOf('{')))).path("data");
        long total = 0;
        for (JsonNode queue : data) {
            String name = queue.path("name").asText();
            boolean dlq = name.startsWith("DLQ.");
            boolean subscription = name.contains("\\.");
            if (deadLetters ? dlq : subscription && !dlq) {
                total += queue.path("messageCount").asLong();
            }
        }
        return total;
    }
}
