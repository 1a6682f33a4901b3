package io.twd.shop.domain.model.phone;

import java.util.List;
import java.util.Optional;

/** The phones of all shops. Implemented with JPA in the infrastructure layer. */
public interface PhoneRepository {

    /**
     * @param phone a new phone; gets its id assigned
     * @throws DuplicatePhoneException if a phone with the same {@code shopId} + {@code eqpSernum}
     *     exists (checked by the database's unique constraint, so it holds under races)
     */
    void add(Phone phone);

    /**
     * @param id the phone's id
     * @return the phone, or empty
     */
    Optional<Phone> find(long id);

    /**
     * @param shopId    the dealer shop
     * @param eqpSernum the serial number
     * @return the phone with this business key, or empty
     */
    Optional<Phone> findByKey(long shopId, String eqpSernum);

    /**
     * Phones matching every given filter, ordered by id.
     *
     * @param filter  the filters; null fields match everything
     * @param afterId only phones with a greater id (keyset paging: the last id of the page
     *                before); 0 for the first
     * @param offset  index of the first phone to return among those, 0 or more
     * @param limit   most phones to return, 1 or more
     * @return the matching phones in that window
     */
    List<Phone> search(PhoneFilter filter, long afterId, int offset, int limit);

    /**
     * @param filter the filters; null fields match everything
     * @return how many phones match
     */
    long count(PhoneFilter filter);

    /**
     * Locks the phone for the rest of the current transaction (a database write lock, and its
     * version is incremented at commit even if no field changes), so that two transactions
     * deciding about the same phone from different events run one after the other.
     *
     * @param phone a managed phone
     */
    void claim(Phone phone);
}
