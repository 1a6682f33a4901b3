package io.twd.platform.infrastructure.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class WarmUpReadinessCheckTest {

    /** A task that fails its first {@code failures} runs, then blocks on {@code release} once. */
    static final class Task implements WarmUpTask {
        final String name;
        final AtomicInteger runs = new AtomicInteger();
        final int failures;
        final CountDownLatch release;

        Task(String name, int failures, CountDownLatch release) {
            this.name = name;
            this.failures = failures;
            this.release = release;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void run() throws Exception {
            int run = runs.incrementAndGet();
            if (run <= failures) {
                throw new IllegalStateException("database not there yet (" + run + ")");
            }
            release.await(10, TimeUnit.SECONDS);
        }
    }

    private static WarmUpReadinessCheck check() {
        var check = new WarmUpReadinessCheck();
        check.rounds = 3;
        check.retryPauseMs = 10;
        return check;
    }

    @Test
    void downBeforeTheApplicationStarted() {
        HealthCheckResponse response = check().call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("warm-up", response.getName());
    }

    @Test
    void downWithTheLastErrorUntilEveryTaskRanItsRounds() throws Exception {
        var check = check();
        var release = new CountDownLatch(1);
        var failing = new Task("persistence", 2, release);
        var other = new Task("delivery-client", 0, new CountDownLatch(0));
        var threads = new ArrayList<Thread>();
        check.begin(List.of(failing, other), runnable -> {
            Thread thread = new Thread(runnable, "warm-up");
            threads.add(thread);
            thread.start();
        });

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (failing.runs.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        HealthCheckResponse during = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, during.getStatus());
        var data = during.getData().orElseThrow();
        assertTrue(String.valueOf(data.get("persistence")).contains("database not there yet (2)"), data.toString());
        assertEquals("not run yet", data.get("delivery-client"), data.toString());

        release.countDown();
        threads.get(0).join(10_000);
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        assertEquals(2 + 3, failing.runs.get(), "two failed attempts, then three rounds");
        assertEquals(3, other.runs.get());
    }
}
