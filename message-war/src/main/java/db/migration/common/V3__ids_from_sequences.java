package db.migration.common;

import io.twd.platform.infrastructure.persistence.IdsFromSequences;
import java.util.List;

/**
 * Version 3: the ids of notifications come from the sequence {@code notification_seq}, in blocks
 * of {@value IdsFromSequences#BLOCK_SIZE}, instead of an identity column, keeping
 * every id ({@link IdsFromSequences}). A Java migration: each sequence starts above the highest id in use.
 */
public class V3__ids_from_sequences extends IdsFromSequences {

    @Override
    protected List<SequenceId> sequenceIds() {
        return List.of(
                new SequenceId("notification", "id", "pk_notification", true, "notification_seq", BLOCK_SIZE));
    }
}
