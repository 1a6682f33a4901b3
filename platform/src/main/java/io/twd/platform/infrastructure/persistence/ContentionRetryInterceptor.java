package io.twd.platform.infrastructure.persistence;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The interceptor of {@link RetryOnContention}: when the call started no transaction of a caller
 * (it is the outermost transactional boundary) and fails because the database rolled its
 * transaction back for contention (a lock timeout, a deadlock: {@link TransactionRollbacks}), it
 * waits a short, randomised, growing while and calls the method again, at most
 * {@value #RETRIES_KEY} times (default {@value #DEFAULT_RETRIES}); then the last failure is
 * thrown on (the REST layer answers 503 {@code contention} with {@code Retry-After}; a consumer's
 * message is redelivered by the broker). Any other failure is thrown on at once.
 *
 * <p>The wait before retry {@code n} (1, 2, ...) is {@value #BACKOFF_KEY} (default
 * {@value #DEFAULT_BACKOFF_MS} ms) times 2<sup>n-1</sup>, times a random factor between 0.5 and
 * 1.5 so that the transactions that collided do not collide again.
 *
 * <p>Its priority places it before (outside) the Jakarta Transactions interceptor of
 * {@code @Transactional} ({@code PLATFORM_BEFORE + 200}), so each attempt is a new transaction.
 */
@RetryOnContention
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class ContentionRetryInterceptor {

    /** MicroProfile Config key: retries after the first attempt, 0 or more. */
    public static final String RETRIES_KEY = "transaction.contention.max-retries";

    /** MicroProfile Config key: the base wait before the first retry, in ms. */
    public static final String BACKOFF_KEY = "transaction.contention.backoff-ms";

    static final int DEFAULT_RETRIES = 3;

    static final long DEFAULT_BACKOFF_MS = 20;

    private static final Logger LOG = Logger.getLogger(ContentionRetryInterceptor.class.getName());

    @Inject
    @ConfigProperty(name = RETRIES_KEY, defaultValue = "" + DEFAULT_RETRIES)
    int retries;

    @Inject
    @ConfigProperty(name = BACKOFF_KEY, defaultValue = "" + DEFAULT_BACKOFF_MS)
    long backoffMs;

    @Inject
    ContentionRetryMetrics metrics;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /**
     * @param call the intercepted call
     * @return what the method returned, from the first attempt that did not roll back for contention
     * @throws Exception what the method threw: at once unless it is a rollback for contention, else
     *     the last one once the retries are spent
     */
    @AroundInvoke
    public Object retry(InvocationContext call) throws Exception {
        if (transactions.getTransactionKey() != null) {
            return call.proceed();  // part of a caller's transaction: the caller's boundary retries
        }
        String method = call.getMethod().getDeclaringClass().getSimpleName() + "." + call.getMethod().getName();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.proceed();
            } catch (Exception failure) {
                SQLException rollback = TransactionRollbacks.rollbackCause(failure);
                if (rollback == null) {
                    throw failure;
                }
                if (attempt > retries) {
                    metrics.exhausted(method, rollback.getSQLState());
                    LOG.warning(() -> method + " rolled back for contention (SQLSTATE " + rollback.getSQLState()
                            + ") in each of " + retries + " retries; giving up: " + rollback.getMessage());
                    throw failure;
                }
                metrics.retried(method, rollback.getSQLState());
                int retry = attempt;
                LOG.fine(() -> method + " rolled back for contention (SQLSTATE " + rollback.getSQLState()
                        + "), retry " + retry + " of " + retries);
                pause(attempt);
            }
        }
    }

    /** Waits before retry {@code n}: the base wait times 2^(n-1), times 0.5 to 1.5. */
    private void pause(int retry) throws InterruptedException {
        long base = backoffMs << Math.min(retry - 1, 10);
        long millis = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
