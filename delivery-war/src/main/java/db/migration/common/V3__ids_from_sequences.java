package db.migration.common;

import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import java.util.List;

/**
 * Version 3: the ids of deliveries come from the sequence {@code delivery_seq}, in blocks of
 * {@value IdsFromSequences#BLOCK_SIZE}, and the outbox's positions from {@code outbox_event_seq},
 * instead of identity columns, keeping
 * every id ({@link IdsFromSequences}). A Java migration: each sequence starts above the highest id in use.
 */
public class V3__ids_from_sequences extends IdsFromSequences {

    @Override
    protected List<SequenceId> sequenceIds() {
        return List.of(
                new SequenceId("delivery", "id", "pk_delivery", true, "delivery_seq", BLOCK_SIZE),
                OUTBOX_POSITION);
    }
}
