-- Version 2: each notification keeps the W3C traceparent (55 characters, or NULL when tracing is
-- off) of the consumer that recorded it, so that sending it, later and on another thread, is a
-- span of the same trace as the order that caused it (EventTracing.inSpan).
ALTER TABLE notification ADD COLUMN traceparent VARCHAR(55);
