-- Version 5: an event the broker refuses while it answers otherwise (a poison event) counts an
-- attempt, with the broker's answer; after outbox.relay.max-attempts attempts the relay parks
-- it (parked_at set) and sends the events behind it (docs/events.md, "The outbox"). A parked
-- event stays here until an operator sets parked_at back to NULL. The same in every publishing
-- service.
ALTER TABLE outbox_event ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE outbox_event ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE outbox_event ADD COLUMN parked_at TIMESTAMP;
