package io.twd.order.domain.model.order;

import java.util.Optional;

/** The idempotency keys of order placements. */
public interface PlacementKeyRepository {

    /**
     * @param key a new key; written now, inside the transaction
     * @throws PlacementKeyTakenException if the key exists (a concurrent request with the same key committed)
     */
    void add(PlacementKey key);

    /**
     * @param key the client's key
     * @return the key's record, or empty
     */
    Optional<PlacementKey> find(String key);
}
