-- The customers who placed orders here: a placement locks its customer's row before it counts
-- their active orders, so that concurrent orders of one customer respect order.active-orders.max.
CREATE TABLE customer (
    customer_id VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP   NOT NULL,
    CONSTRAINT pk_customer PRIMARY KEY (customer_id)
);
