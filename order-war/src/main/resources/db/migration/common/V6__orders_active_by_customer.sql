-- Version 6: a customer's active orders are counted from an index alone. Placing an order counts
-- the customer's orders in status Ordered (the limit order.active-orders.max); with the index on
-- customer_id only, that count read from the table every order the customer ever placed, to see
-- its status, so each placement got slower with the customer's history. The index on
-- (customer_id, order_status) holds both columns: the count reads only the entries of the
-- customer's active orders. It also serves what the old index did (a customer's orders, by
-- customer_id), so that one goes, and each write maintains one index instead of two.
CREATE INDEX ix_orders_customer_status ON orders (customer_id, order_status);
DROP INDEX ix_orders_customer;
