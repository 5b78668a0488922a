-- In-app feedback (吐槽, issue 20): a public SDK key may carry an always-on feedback widget; what a visitor files
-- through it is an ordinary feedback item of source `in_app` with what only an in-app item has.
-- The widget's settings as GET /sdk/v1/config answers them (`feedback`); NULL = the widget is off for this key.
ALTER TABLE sdk_keys ADD COLUMN feedback_widget jsonb;

ALTER TABLE feedback_items DROP CONSTRAINT feedback_items_source_check;
ALTER TABLE feedback_items ADD CONSTRAINT feedback_items_source_check
  CHECK (source IN ('social','forum','app_review','call_transcript','other','in_app'));
-- The key it came through (its unit, touchpoint and name are the item's unit, touchpoint and channel).
ALTER TABLE feedback_items ADD COLUMN sdk_key_id uuid;
ALTER TABLE feedback_items ADD COLUMN app_version text CHECK (length(app_version) <= 50);
ALTER TABLE feedback_items ADD COLUMN locale text CHECK (length(locale) <= 35);
ALTER TABLE feedback_items ADD COLUMN user_agent text CHECK (length(user_agent) <= 500);
ALTER TABLE feedback_items ADD COLUMN anonymous_id text CHECK (length(anonymous_id) <= 64);
-- `stored:<id>` in the file store (never served publicly) and the type its magic bytes were checked as.
ALTER TABLE feedback_items ADD COLUMN screenshot_ref text;
ALTER TABLE feedback_items ADD COLUMN screenshot_type text
  CHECK (screenshot_type IN ('image/png','image/jpeg','image/webp'));
-- The complainant's {email?, phone?}, sealed (AES-256-GCM under LOOPCX_SECRET, bound to the tenant): given back
-- only to mail them a reply.
ALTER TABLE feedback_items ADD COLUMN contact_sealed text;
-- sha256 (hex) of the opaque token the SDK keeps to read the replies; the token itself is never stored.
ALTER TABLE feedback_items ADD COLUMN reply_token_hash text;
CREATE UNIQUE INDEX feedback_items_reply_token_idx ON feedback_items (tenant_id, reply_token_hash)
  WHERE reply_token_hash IS NOT NULL;

-- A reply to an in-app item whose complainant left an email is also mailed to them (job feedback.reply-mail):
-- pending until sent; no_smtp when no SMTP server is configured.
ALTER TABLE feedback_replies ADD COLUMN mail_status text CHECK (mail_status IN ('pending','sent','no_smtp'));
ALTER TABLE feedback_replies ADD COLUMN mailed_at timestamptz;

-- The SDK reads a complaint's state from its newest ticket.
CREATE INDEX tickets_feedback_idx ON tickets (tenant_id, feedback_id) WHERE feedback_id IS NOT NULL;
