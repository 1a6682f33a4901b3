package io.twd.platform.infrastructure.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.interceptor.InvocationContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

class ContentionRetryInterceptorTest {

    private final List<String> retried = new ArrayList<>();
    private final List<String> exhausted = new ArrayList<>();
    private final ContentionRetryInterceptor interceptor = interceptor(null);

    @Test
    void aTransactionRolledBackForContentionRunsAgainUntilItCommits() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Object result = interceptor.retry(call(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw lockTimeout();
            }
            return "placed";
        }));
        assertEquals("placed", result);
        assertEquals(3, attempts.get());
        assertEquals(List.of("Sample.place 40XL1", "Sample.place 40XL1"), retried);
        assertThat(exhausted).isEmpty();
    }

    @Test
    void aSequenceDerbyCouldNotAllocateForContentionRunsAgain() throws Exception {
        // how the first orders after a restart met Derby's sequence allocation (X0Y84)
        AtomicInteger attempts = new AtomicInteger();
        Object result = interceptor.retry(call(() -> {
            if (attempts.incrementAndGet() < 2) {
                throw new PersistenceException("Exception [EclipseLink-4002]", new SQLException(
                        "Too much contention on sequence OUTBOX_EVENT_SEQ.", "X0Y84", 30000));
            }
            return "placed";
        }));
        assertEquals("placed", result);
        assertEquals(List.of("Sample.place X0Y84"), retried);
    }

    @Test
    void afterTheLastRetryTheRollbackReachesTheCaller() {
        AtomicInteger attempts = new AtomicInteger();
        PersistenceException last = new PersistenceException(new SQLException("deadlock detected", "40P01"));
        PersistenceException thrown = assertThrows(PersistenceException.class, () -> interceptor.retry(call(() -> {
            attempts.incrementAndGet();
            throw last;
        })));
        assertSame(last, thrown);
        assertEquals(1 + ContentionRetryInterceptor.DEFAULT_RETRIES, attempts.get());
        assertEquals(ContentionRetryInterceptor.DEFAULT_RETRIES, retried.size());
        assertEquals(List.of("Sample.place 40P01"), exhausted);
    }

    @Test
    void anyOtherFailureReachesTheCallerAtOnce() {
        // the rest of SQLSTATE class 40 is not contention: a constraint violated at commit, an
        // unknown completion, Derby's transaction-state errors
        for (Exception failure : List.of(new IllegalStateException("no such phone"),
                new PersistenceException(new SQLException("duplicate key", "23505")),
                new PersistenceException(new SQLException("deferred constraint violated", "40002")),
                new PersistenceException(new SQLException("statement completion unknown", "40003")),
                new PersistenceException(new SQLException("An exception was thrown during transaction commit.",
                        "40XT1")))) {
            AtomicInteger attempts = new AtomicInteger();
            Exception thrown = assertThrows(Exception.class, () -> interceptor.retry(call(() -> {
                attempts.incrementAndGet();
                throw failure;
            })));
            assertSame(failure, thrown);
            assertEquals(1, attempts.get(), failure.toString());
        }
        assertThat(retried).isEmpty();
        assertThat(exhausted).isEmpty();
    }

    @Test
    void aCallInsideACallersTransactionIsLeftToTheCallersBoundary() {
        ContentionRetryInterceptor inner = interceptor("caller's transaction");
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(PersistenceException.class, () -> inner.retry(call(() -> {
            attempts.incrementAndGet();
            throw lockTimeout();
        })));
        assertEquals(1, attempts.get());
        assertThat(retried).isEmpty();
    }

    /**
     * A real lock timeout of the embedded Derby (40XL1): another transaction holds the row the
     * call updates, longer than the database waits for a lock; it commits meanwhile, and the
     * retry goes through.
     */
    @Test
    void aRealLockTimeoutIsRetriedOnceTheOtherTransactionIsDone() throws Exception {
        var dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:contention-retry");
        dataSource.setCreateDatabase("create");
        try (Connection setup = dataSource.getConnection(); Statement sql = setup.createStatement()) {
            sql.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
            sql.execute("CREATE TABLE phone (id BIGINT PRIMARY KEY, eqp_status VARCHAR(20))");
            sql.execute("INSERT INTO phone VALUES (1, 'OrderAvailable')");
        }
        Connection other = dataSource.getConnection();
        other.setAutoCommit(false);
        try (Statement sql = other.createStatement()) {
            sql.executeUpdate("UPDATE phone SET eqp_status = 'Ordered' WHERE id = 1");
        }
        // the other transaction ends after the first attempt timed out (1 s), before the retries are spent
        CompletableFuture<Void> otherCommits = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1_500);
                other.commit();
                other.close();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ContentionRetryInterceptor patient = interceptor(null);
        patient.backoffMs = 300;
        AtomicInteger attempts = new AtomicInteger();
        Object updated = patient.retry(call(() -> {
            attempts.incrementAndGet();
            try (Connection mine = dataSource.getConnection(); Statement sql = mine.createStatement()) {
                mine.setAutoCommit(false);
                try {
                    int rows = sql.executeUpdate("UPDATE phone SET eqp_status = 'Shipped' WHERE id = 1");
                    mine.commit();
                    return rows;
                } catch (SQLException e) {
                    mine.rollback();
                    throw new PersistenceException(e);
                }
            }
        }));
        otherCommits.get(10, TimeUnit.SECONDS);
        assertEquals(1, updated);
        assertThat(attempts.get()).isGreaterThan(1);
        assertThat(retried).isNotEmpty().allMatch(r -> r.equals("Sample.place 40XL1"));
        try (Connection check = dataSource.getConnection(); Statement sql = check.createStatement();
             var row = sql.executeQuery("SELECT eqp_status FROM phone WHERE id = 1")) {
            row.next();
            assertEquals("Shipped", row.getString(1));
        }
    }

    private ContentionRetryInterceptor interceptor(Object transactionKey) {
        ContentionRetryInterceptor retry = new ContentionRetryInterceptor();
        retry.retries = ContentionRetryInterceptor.DEFAULT_RETRIES;
        retry.backoffMs = 1;
        retry.metrics = new ContentionRetryMetrics() {
            @Override
            public void retried(String method, String sqlState) {
                retried.add(method + " " + sqlState);
            }

            @Override
            public void exhausted(String method, String sqlState) {
                exhausted.add(method + " " + sqlState);
            }
        };
        retry.transactions = (TransactionSynchronizationRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class}, (proxy, method, args) ->
                        method.getName().equals("getTransactionKey") ? transactionKey : null);
        return retry;
    }

    /** How EclipseLink reports the embedded Derby's lock timeout. */
    private static PersistenceException lockTimeout() {
        return new PersistenceException("Exception [EclipseLink-4002]", new RuntimeException("Internal Exception",
                new SQLTransactionRollbackException("A lock could not be obtained within the time requested",
                        "40XL1", 30000)));
    }

    /** An intercepted call of {@link Sample#place} whose body is {@code body}. */
    private static InvocationContext call(Callable<Object> body) throws NoSuchMethodException {
        Method place = Sample.class.getMethod("place");
        return (InvocationContext) Proxy.newProxyInstance(ContentionRetryInterceptorTest.class.getClassLoader(),
                new Class<?>[] {InvocationContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "proceed" -> body.call();
                    case "getMethod" -> place;
                    case "getParameters" -> new Object[0];
                    default -> null;
                });
    }

    /** Stands for an application service. */
    public static class Sample {
        /** @return nothing */
        public Object place() {
            return null;
        }
    }
}
