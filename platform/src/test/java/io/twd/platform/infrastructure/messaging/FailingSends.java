package io.twd.platform.infrastructure.messaging;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A broker that connects and opens sessions, producers and temporary queues, but then takes no
 * message: every send fails, as it does with a broker that hangs after the connection (its call
 * timeout), whatever the message. Wraps a real connection factory.
 */
final class FailingSends {

    private FailingSends() {
    }

    /** @return a connection factory whose connections' sends all fail */
    static ConnectionFactory around(ConnectionFactory real) {
        return proxy(ConnectionFactory.class, real, (method, result) ->
                result instanceof Connection connection ? proxy(Connection.class, connection, FailingSends::session) : result);
    }

    private static Object session(java.lang.reflect.Method method, Object result) {
        return result instanceof Session session ? proxy(Session.class, session, FailingSends::producer) : result;
    }

    private static Object producer(java.lang.reflect.Method method, Object result) {
        if (!(result instanceof MessageProducer producer)) {
            return result;
        }
        return Proxy.newProxyInstance(FailingSends.class.getClassLoader(), new Class<?>[] {MessageProducer.class},
                (proxy, m, args) -> {
                    if ("send".equals(m.getName())) {
                        throw new JMSException("AMQ219014: Timed out after waiting 3000 ms for response");
                    }
                    return invoke(m, producer, args);
                });
    }

    /** What to do with the result of a call on the wrapped object. */
    @FunctionalInterface
    private interface Wrap {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T real, Wrap wrap) {
        InvocationHandler handler = (proxy, method, args) -> wrap.apply(method, invoke(method, real, args));
        return type.cast(Proxy.newProxyInstance(FailingSends.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
