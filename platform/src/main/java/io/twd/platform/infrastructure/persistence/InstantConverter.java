package io.twd.platform.infrastructure.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Stores {@link Instant} attributes as SQL {@code TIMESTAMP} columns (UTC, the servers' time
 * zone), so they can be compared and sorted in queries. Persistence 3.1 does not list
 * {@code Instant} among the basic types and EclipseLink would otherwise serialise it into a
 * {@code BLOB}. Applies to every {@code Instant} attribute of a persistence unit that lists
 * this class.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {

    /**
     * @param instant an instant, or null
     * @return the same instant as a timestamp, or null
     */
    @Override
    public Timestamp convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /**
     * @param timestamp a column value, or null
     * @return the same instant, or null
     */
    @Override
    public Instant convertToEntityAttribute(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
