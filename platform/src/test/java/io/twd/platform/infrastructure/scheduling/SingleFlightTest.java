package io.twd.platform.infrastructure.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void wakesDuringARunMakeItDrainOnceMoreAndNeverStartASecondRun() throws Exception {
        CountDownLatch firstDrainStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger drains = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        SingleFlight flight = new SingleFlight("test", executor, () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            if (drains.incrementAndGet() == 1) {
                firstDrainStarted.countDown();
                await(release);
            }
            concurrent.decrementAndGet();
        }, "retried");

        flight.wake();
        assertTrue(firstDrainStarted.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            flight.wake();
        }
        release.countDown();
        waitUntilIdle(flight);

        assertEquals(2, drains.get(), "ten wakes during the first drain cause exactly one more drain");
        assertEquals(1, maxConcurrent.get());
    }

    @Test
    void aFailedRunEndsAndTheNextWakeRunsAgain() throws Exception {
        AtomicInteger drains = new AtomicInteger();
        SingleFlight flight = new SingleFlight("test", executor, () -> {
            if (drains.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
        }, "retried");

        flight.wake();
        waitUntilIdle(flight);
        assertEquals(1, drains.get());

        flight.wake();
        waitUntilIdle(flight);
        assertEquals(2, drains.get());
    }

    @Test
    void aRefusingExecutorLeavesItReadyForTheNextWake() throws Exception {
        AtomicInteger drains = new AtomicInteger();
        AtomicInteger offered = new AtomicInteger();
        SingleFlight flight = new SingleFlight("test", task -> {
            if (offered.incrementAndGet() == 1) {
                throw new RejectedExecutionException("stopping");
            }
            executor.execute(task);
        }, drains::incrementAndGet, "retried");

        flight.wake();
        assertFalse(flight.isRunning());
        assertEquals(0, drains.get());

        flight.wake();
        waitUntilIdle(flight);
        assertEquals(1, drains.get());
    }

    private static void waitUntilIdle(SingleFlight flight) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (flight.isRunning()) {
            assertTrue(System.nanoTime() < deadline, "the run ends");
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
