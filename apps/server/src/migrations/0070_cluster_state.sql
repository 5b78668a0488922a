-- Many nodes, one truth (issue 21, decision 52): state that used to live in one process moves to the database, so
-- every web and worker node reads and writes the same copy.

-- A job's claim belongs to one runner: the token it claimed with. Heartbeats (lease renewal while the handler runs)
-- and the delete after success only touch rows still holding that token, so a runner whose lease was taken over
-- can neither extend nor delete the new owner's claim.
ALTER TABLE jobs ADD COLUMN locked_by uuid;

-- A delivery being sent: set when a send job picks it, cleared when its outcome is written. A second run of the same
-- job (a lost lease, a crash after the sends) finds it leased or already settled and does not send it again.
ALTER TABLE webhook_deliveries ADD COLUMN lease_until timestamptz;

-- One run per tick cluster-wide: a worker runs a scheduled task only when it moves the task's row to the current
-- tick (floor(database time / interval)); every other worker's timer for that tick finds the row already there.
CREATE TABLE scheduled_ticks (
  name text PRIMARY KEY,
  tick bigint NOT NULL,
  ran_at timestamptz NOT NULL DEFAULT now()
);

-- Login throttling shared by every node (auth/login-limiter.ts): one row per (account, client address) pair and
-- per client address. Not tenant data: it is keyed before any tenant is known.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- HTTP rate limit counters (platform/rate-limit.ts): fixed one-second (or longer) windows per bucket (an API key's
-- hash, a client address). Unlogged: a crash forgets the counts, which only resets the windows.
CREATE UNLOGGED TABLE rate_limit_counters (
  bucket text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);
