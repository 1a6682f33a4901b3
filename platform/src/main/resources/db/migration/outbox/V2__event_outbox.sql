-- Version 2: the transactional outbox (docs/events.md, "The outbox"). An event is written here in
-- the transaction of the change it reports; the outbox relay sends it to the service's topic, in
-- seq_no order, and deletes it. The same in every publishing service.
CREATE TABLE outbox_event (
    seq_no         BIGINT        NOT NULL GENERATED ALWAYS AS IDENTITY,
    event_id       VARCHAR(36)   NOT NULL,
    topic          VARCHAR(64)   NOT NULL,
    event_type     VARCHAR(60)   NOT NULL,
    correlation_id VARCHAR(100),
    traceparent    VARCHAR(55),
    tracestate     VARCHAR(512),
    payload        VARCHAR(8000) NOT NULL,
    created_at     TIMESTAMP     NOT NULL,
    CONSTRAINT pk_outbox_event PRIMARY KEY (event_id),
    CONSTRAINT uk_outbox_event_seq_no UNIQUE (seq_no)
);

-- The relay lock: a relay updates this row first in each batch, so that the servers of one
-- service sharing a database send one batch at a time, in order.
CREATE TABLE outbox_relay (
    name      VARCHAR(20) NOT NULL,
    locked_at TIMESTAMP,
    CONSTRAINT pk_outbox_relay PRIMARY KEY (name)
);
INSERT INTO outbox_relay (name, locked_at) VALUES ('relay', NULL);
