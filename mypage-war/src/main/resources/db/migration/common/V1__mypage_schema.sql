-- Version 1: the schema the service had when EclipseLink made its tables from the entities
-- (same tables, columns, types and keys), so a database made that way is taken as version 1.
-- Times are UTC (InstantConverter); ids of aggregates are BIGINT.

-- The mypage read model: one row per order, and its history of statuses.
CREATE TABLE mypage (
    order_id        BIGINT       NOT NULL,
    customer_id     VARCHAR(100),
    delivery_id     BIGINT,
    delivery_status VARCHAR(40),
    eqp_nm          VARCHAR(100),
    eqp_sernum      VARCHAR(64),
    order_status    VARCHAR(40),
    shop_id         BIGINT,
    status          VARCHAR(40),
    updated_at      TIMESTAMP    NOT NULL,
    version         BIGINT,
    CONSTRAINT pk_mypage PRIMARY KEY (order_id)
);
CREATE INDEX ix_mypage_customer ON mypage (customer_id);

CREATE TABLE mypage_history (
    event_id    VARCHAR(36) NOT NULL,
    occurred_at TIMESTAMP   NOT NULL,
    status      VARCHAR(40) NOT NULL,
    order_id    BIGINT,
    CONSTRAINT fk_mypage_history_mypage FOREIGN KEY (order_id) REFERENCES mypage (order_id)
);

-- Events this service has applied (idempotent consumers).
CREATE TABLE processed_event (
    event_id     VARCHAR(36) NOT NULL,
    event_type   VARCHAR(60) NOT NULL,
    processed_at TIMESTAMP   NOT NULL,
    CONSTRAINT pk_processed_event PRIMARY KEY (event_id)
);
