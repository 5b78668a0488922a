-- Notifications that reach people (issue 19): the in-app centre (kind, link, read state per recipient), per-user
-- channel preferences per kind, web push (subscriptions; the install's VAPID key pair in one row) and group robots
-- (企业微信 / 钉钉 / 飞书) per org unit. Push and robot sends are notification rows too, so the outbox shows them.

ALTER TABLE notifications DROP CONSTRAINT notifications_channel_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_channel_check
  CHECK (channel IN ('in_app','email','webhook','push','robot'));
-- What happened ('alert.response', 'ticket.sla_breach', …), where it is handled (a console path) and, for email, the
-- HTML part rendered in the recipient's language when the notification was written.
ALTER TABLE notifications ADD COLUMN kind text NOT NULL DEFAULT 'alert';
ALTER TABLE notifications ADD COLUMN link text;
ALTER TABLE notifications ADD COLUMN html text;
-- The bell: a user's latest in-app notifications and the unread count.
CREATE INDEX notifications_inbox_idx ON notifications (tenant_id, recipient, created_at DESC, id) WHERE channel = 'in_app';
CREATE INDEX notifications_unread_idx ON notifications (tenant_id, recipient) WHERE channel = 'in_app' AND read_at IS NULL;

-- Only what a user changed is stored; defaults live in code (packages/shared/src/notification-kinds.ts).
CREATE TABLE notification_preferences (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  channel text NOT NULL CHECK (channel IN ('in_app','email','push')),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, kind, channel),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- A browser's push subscription (RFC 8030 endpoint + RFC 8291 keys). One endpoint belongs to one user: a browser
-- that signs in as someone else moves its subscription.
CREATE TABLE push_subscriptions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  endpoint text NOT NULL CHECK (length(endpoint) BETWEEN 1 AND 2048),
  p256dh text NOT NULL,
  auth text NOT NULL,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sent_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (tenant_id, user_id);

-- The install's VAPID key pair (RFC 8292): one row, created by whichever node needs it first (INSERT … ON CONFLICT
-- DO NOTHING, then read back), so every node signs with the same key. The private key is sealed (platform/seal.ts).
CREATE TABLE vapid_keys (
  id smallint PRIMARY KEY CHECK (id = 1),
  public_key text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A group robot of a unit: its webhook URL (carries the robot's key) and signing secret are sealed, shown once.
CREATE TABLE notification_robots (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  provider text NOT NULL CHECK (provider IN ('wecom','dingtalk','feishu')),
  webhook_sealed text NOT NULL,
  -- The URL's origin and a masked key, for people to recognise the robot by.
  webhook_hint text NOT NULL,
  secret_sealed text,
  kinds text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  last_status text,
  last_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_robots_unit_idx ON notification_robots (tenant_id, org_unit_id);
