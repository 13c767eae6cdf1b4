-- deliveries.request becomes the compact form StoredRequestCodec writes (length-prefixed fields,
-- deflated when that is smaller): every delivery stores one, and as jsonb a webhook's ~1.2 KB body
-- was stored whole. Rows already stored keep their JSON text as UTF-8; the codec still reads it
-- (its first byte is '{').
ALTER TABLE deliveries ALTER COLUMN request TYPE bytea USING convert_to(request::text, 'UTF8');
-- Already compressed when worth it: Postgres need not try again on the large ones (EXTERNAL still
-- moves a large value out of line, without compressing it).
ALTER TABLE deliveries ALTER COLUMN request SET STORAGE EXTERNAL;
COMMENT ON COLUMN deliveries.request IS
    'The rendered request without secrets, as StoredRequestCodec writes it; the secret is added at send time';
