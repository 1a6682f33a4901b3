package db.migration.common;

import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import java.util.List;

/**
 * Version 3: the ids of phones come from the sequence {@code phone_seq}, in blocks of
 * {@value IdsFromSequences#BLOCK_SIZE}, and the outbox's positions from {@code outbox_event_seq},
 * instead of identity columns, keeping
 * every id ({@link IdsFromSequences}). A Java migration: each sequence starts above the highest id in use.
 */
public class V3__ids_from_sequences extends IdsFromSequences {

    @Override
    protected List<SequenceId> sequenceIds() {
        return List.of(
                new SequenceId("phone", "id", "pk_phone", true, "phone_seq", BLOCK_SIZE),
                OUTBOX_POSITION);
    }
}
