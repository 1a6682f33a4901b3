package io.twd.platform.testing;

import io.twd.platform.infrastructure.messaging.IncomingEvent;
import io.twd.platform.infrastructure.messaging.ProcessedEvents;
import jakarta.enterprise.event.Event;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stand-ins for a service's infrastructure in unit tests that run its real application code:
 * the record of processed event ids kept in memory, and CDI events collected in a list.
 */
public final class InMemory {

    private InMemory() {
    }

    /**
     * @return a {@link ProcessedEvents} whose {@code firstDelivery} is true once per {@code eventId}
     *         (as the table's unique key makes it in a server)
     */
    public static ProcessedEvents processedEvents() {
        Set<UUID> seen = new HashSet<>();
        return new ProcessedEvents() {
            @Override
            public boolean firstDelivery(IncomingEvent event) {
                return seen.add(event.eventId());
            }
        };
    }

    /**
     * Gives an entity the id a database's identity column would give it on persist, for in-memory
     * repositories.
     *
     * @param entity an entity with a field {@code id} (a {@code Long})
     * @param id     the id
     * @param <T>    the entity's type
     * @return the entity
     * @throws IllegalArgumentException if it has no such field
     */
    public static <T> T persisted(T entity, long id) {
        try {
            var field = entity.getClass().getDeclaredField("id");
            field.setAccessible(true);
            field.set(entity, id);
            return entity;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(entity.getClass() + " has no field id", e);
        }
    }

    /**
     * @param fired where each fired payload is added, in order
     * @param <T>   the payload type
     * @return a CDI {@link Event} whose {@code fire} adds to the list (its other methods answer null)
     */
    @SuppressWarnings("unchecked")
    public static <T> Event<T> events(List<T> fired) {
        return (Event<T>) Proxy.newProxyInstance(InMemory.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> {
                    if ("fire".equals(method.getName())) {
                        fired.add((T) args[0]);
                    }
                    return null;
                });
    }
}
