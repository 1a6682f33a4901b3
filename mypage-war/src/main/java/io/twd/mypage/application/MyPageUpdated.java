package io.twd.mypage.application;

/**
 * CDI event fired when an entry changed; observed after the transaction commits to push the
 * new state to live subscribers.
 *
 * @param view the entry as committed
 */
public record MyPageUpdated(MyPageView view) {
}
