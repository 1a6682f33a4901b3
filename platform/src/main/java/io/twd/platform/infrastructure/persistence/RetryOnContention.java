package io.twd.platform.infrastructure.persistence;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a transactional method again, a bounded number of times, when the database rolled its
 * transaction back because concurrent transactions contended for the same data (a lock timeout,
 * a deadlock, a serialization failure: the SQLSTATEs {@link TransactionRollbacks} lists), before
 * the failure reaches a client (a 503) or the broker (a redelivery). The standard way to use a
 * database that resolves contention by rolling a transaction back.
 *
 * <p>Put it on an application service (every method) or on one method, beside
 * {@code @Transactional}: {@link ContentionRetryInterceptor} runs outside the transaction, so
 * each attempt is a transaction of its own. A call made inside a transaction that is already
 * running is not retried on its own: the caller's transaction was rolled back with it, and the
 * outermost annotated method runs it again. The method must be safe to run again after a
 * rollback: its database work was undone, and whatever else it did (a call to another service)
 * must be idempotent or compensated when the transaction does not commit.
 *
 * <p>How many times, and how long between attempts: MicroProfile Config
 * {@value ContentionRetryInterceptor#RETRIES_KEY} and {@value ContentionRetryInterceptor#BACKOFF_KEY};
 * each retry and each give-up is counted ({@link ContentionRetryMetrics}).
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RetryOnContention {
}
