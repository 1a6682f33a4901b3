-- GET /shops filters by shop, model, status and serial number and pages in id order: an index
-- for each filter, ending in the id, so that the count and each page read only the matching
-- rows (the status already had one; shop and serial number have the unique key).
CREATE INDEX ix_phone_shop ON phone (shop_id, id);
CREATE INDEX ix_phone_model ON phone (eqp_nm, id);
