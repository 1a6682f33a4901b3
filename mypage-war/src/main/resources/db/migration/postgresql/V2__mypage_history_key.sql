-- Version 2: each event is in an order's history at most once, and the history of one order is
-- found by its key: (order_id, event_id) becomes the primary key of mypage_history. Version 1 had
-- no key, and on PostgreSQL no index on order_id either (reading one mypage scanned the whole
-- history). Fails, changing nothing, if a history already holds an event twice.
ALTER TABLE mypage_history ALTER COLUMN order_id SET NOT NULL;
ALTER TABLE mypage_history ADD CONSTRAINT pk_mypage_history PRIMARY KEY (order_id, event_id);
