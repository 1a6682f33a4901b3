package io.twd.mypage.domain.model.mypage;

import java.util.List;
import java.util.Optional;

/** The read model's entries, in the mypage service's own database. */
public interface MyPageRepository {

    /**
     * @param orderId an order
     * @return its entry, or empty if no event of it arrived yet
     */
    Optional<MyPage> find(long orderId);

    /**
     * @param page a new entry
     * @throws jakarta.persistence.PersistenceException if the order already has one (a concurrent
     *     first event; the caller's transaction rolls back and the event is redelivered)
     */
    void add(MyPage page);

    /**
     * @param customerId only this customer's entries, or null for all
     * @param offset     the first item, 0 or more
     * @param limit      most items, 1 or more
     * @return the entries, newest order first (orderId descending)
     */
    List<MyPage> search(String customerId, int offset, int limit);

    /**
     * @param customerId only this customer's entries, or null for all
     * @return how many
     */
    long count(String customerId);
}
