-- The loopcx schema after every migration and function file, rendered from the catalogs of a freshly migrated
-- database by `npm run db:snapshot`. Do not edit: migrations and sql/functions/*.sql are the source; a test fails
-- when this file is stale. A reading aid, not a script: function bodies are in sql/functions/<name>.sql.

CREATE TABLE alert_rules (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  scope jsonb DEFAULT '{}'::jsonb NOT NULL,
  condition jsonb NOT NULL,
  actions jsonb NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT alert_rules_kind_check CHECK ((kind = ANY (ARRAY['response'::text, 'metric'::text, 'feedback'::text]))),
  CONSTRAINT alert_rules_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT alert_rules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT alert_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE alerts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  source text NOT NULL,
  source_key text NOT NULL,
  org_unit_id uuid,
  ticket_id uuid,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT alerts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT alerts_source_check CHECK ((source = ANY (ARRAY['response'::text, 'feedback'::text, 'metric'::text]))),
  CONSTRAINT alerts_tenant_id_rule_id_source_key_key UNIQUE (tenant_id, rule_id, source_key)
);
CREATE TRIGGER webhook_alerts AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_alerts();

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL,
  role text NOT NULL,
  org_unit_id uuid NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  scopes text[],
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
  CONSTRAINT api_keys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT api_keys_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT api_keys_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'analyst'::text, 'manager'::text, 'agent'::text, 'viewer'::text]))),
  CONSTRAINT api_keys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT api_keys_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);

CREATE TABLE audit_log (
  tenant_id uuid NOT NULL,
  id bigint DEFAULT nextval('audit_log_id_seq'::regclass) NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  after jsonb,
  at timestamp with time zone DEFAULT now() NOT NULL,
  before jsonb,
  actor_kind text DEFAULT 'user'::text NOT NULL,
  actor_label text,
  outcome text DEFAULT 'success'::text NOT NULL,
  status integer,
  ip text,
  user_agent text,
  request_id text,
  CONSTRAINT audit_log_actor_kind_check CHECK ((actor_kind = ANY (ARRAY['user'::text, 'apiKey'::text, 'anonymous'::text]))),
  CONSTRAINT audit_log_outcome_check CHECK ((outcome = ANY (ARRAY['success'::text, 'failure'::text]))),
  CONSTRAINT audit_log_pkey PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_actor_idx ON audit_log USING btree (tenant_id, actor_id, id);
CREATE INDEX audit_log_at_idx ON audit_log USING btree (at);
CREATE INDEX audit_log_target_idx ON audit_log USING btree (tenant_id, target_type, target_id);

CREATE TABLE audit_photos (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  audit_id uuid NOT NULL,
  item_code text,
  file_ref text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT audit_photos_content_type_check CHECK ((content_type = ANY (ARRAY['image/png'::text, 'image/jpeg'::text, 'image/webp'::text]))),
  CONSTRAINT audit_photos_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT audit_photos_tenant_id_audit_id_fkey FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX audit_photos_audit_idx ON audit_photos USING btree (tenant_id, audit_id);

CREATE TABLE audit_plan_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  plan_id uuid NOT NULL,
  period text NOT NULL,
  trigger text NOT NULL,
  run_at timestamp with time zone NOT NULL,
  audits integer DEFAULT 0 NOT NULL,
  CONSTRAINT audit_plan_runs_period_check CHECK (((length(period) >= 1) AND (length(period) <= 20))),
  CONSTRAINT audit_plan_runs_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT audit_plan_runs_tenant_id_plan_id_fkey FOREIGN KEY (tenant_id, plan_id) REFERENCES audit_plans(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT audit_plan_runs_tenant_id_plan_id_period_key UNIQUE (tenant_id, plan_id, period),
  CONSTRAINT audit_plan_runs_trigger_check CHECK ((trigger = ANY (ARRAY['schedule'::text, 'manual'::text])))
);

CREATE TABLE audit_plans (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  checklist_id uuid NOT NULL,
  root_unit_id uuid NOT NULL,
  unit_kind text NOT NULL,
  schedule text NOT NULL,
  run_once_at timestamp with time zone,
  weekday integer,
  month_day integer,
  sample_size integer,
  stratify text,
  assignee text NOT NULL,
  inspector_id uuid,
  external_name text,
  external_email text,
  due_days integer NOT NULL,
  active boolean DEFAULT true NOT NULL,
  next_run_at timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT audit_plans_assignee_check CHECK ((assignee = ANY (ARRAY['internal'::text, 'external'::text, 'unit'::text]))),
  CONSTRAINT audit_plans_check CHECK (((schedule = 'weekly'::text) = (weekday IS NOT NULL))),
  CONSTRAINT audit_plans_check1 CHECK (((schedule = 'monthly'::text) = (month_day IS NOT NULL))),
  CONSTRAINT audit_plans_check2 CHECK (((sample_size IS NULL) = (stratify IS NULL))),
  CONSTRAINT audit_plans_check3 CHECK (((assignee = 'internal'::text) = (inspector_id IS NOT NULL))),
  CONSTRAINT audit_plans_check4 CHECK (((assignee = 'external'::text) = (external_name IS NOT NULL))),
  CONSTRAINT audit_plans_due_days_check CHECK (((due_days >= 1) AND (due_days <= 90))),
  CONSTRAINT audit_plans_external_email_check CHECK ((length(external_email) <= 254)),
  CONSTRAINT audit_plans_external_name_check CHECK (((length(external_name) >= 1) AND (length(external_name) <= 120))),
  CONSTRAINT audit_plans_kind_check CHECK ((kind = ANY (ARRAY['mystery_shop'::text, 'sampling'::text, 'self_inspection'::text, 'rehearsal'::text]))),
  CONSTRAINT audit_plans_month_day_check CHECK (((month_day >= 1) AND (month_day <= 28))),
  CONSTRAINT audit_plans_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT audit_plans_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT audit_plans_sample_size_check CHECK (((sample_size >= 1) AND (sample_size <= 500))),
  CONSTRAINT audit_plans_schedule_check CHECK ((schedule = ANY (ARRAY['once'::text, 'weekly'::text, 'monthly'::text]))),
  CONSTRAINT audit_plans_stratify_check CHECK ((stratify = ANY (ARRAY['region'::text, 'none'::text]))),
  CONSTRAINT audit_plans_tenant_id_checklist_id_fkey FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id),
  CONSTRAINT audit_plans_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT audit_plans_tenant_id_root_unit_id_fkey FOREIGN KEY (tenant_id, root_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT audit_plans_unit_kind_check CHECK (((length(unit_kind) >= 1) AND (length(unit_kind) <= 40))),
  CONSTRAINT audit_plans_weekday_check CHECK (((weekday >= 1) AND (weekday <= 7)))
);
CREATE INDEX audit_plans_due_idx ON audit_plans USING btree (next_run_at) WHERE (active AND (next_run_at IS NOT NULL));

CREATE TABLE audit_results (
  tenant_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  code text NOT NULL,
  severity text NOT NULL,
  weight double precision NOT NULL,
  result text NOT NULL,
  note text,
  ticket_id uuid,
  CONSTRAINT audit_results_note_check CHECK ((length(note) <= 2000)),
  CONSTRAINT audit_results_pkey PRIMARY KEY (tenant_id, audit_id, code),
  CONSTRAINT audit_results_result_check CHECK ((result = ANY (ARRAY['pass'::text, 'fail'::text, 'na'::text]))),
  CONSTRAINT audit_results_severity_check CHECK ((severity = ANY (ARRAY['fatal'::text, 'general'::text]))),
  CONSTRAINT audit_results_tenant_id_audit_id_fkey FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT audit_results_weight_check CHECK ((weight > (0)::double precision))
);
CREATE INDEX audit_results_fail_idx ON audit_results USING btree (tenant_id, code) WHERE (result = 'fail'::text);
CREATE INDEX audit_results_failed_idx ON audit_results USING btree (tenant_id, code) WHERE (result = 'fail'::text);

CREATE TABLE audits (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  checklist_id uuid NOT NULL,
  checklist_version integer NOT NULL,
  org_unit_id uuid NOT NULL,
  kind text NOT NULL,
  status text DEFAULT 'assigned'::text NOT NULL,
  inspector_id uuid,
  due_at timestamp with time zone,
  checked_in_at timestamp with time zone,
  check_in_lat double precision,
  check_in_lng double precision,
  check_in_distance_m double precision,
  submitted_at timestamp with time zone,
  idempotency_key text,
  score double precision,
  fatal_failures integer DEFAULT 0 NOT NULL,
  general_failed integer DEFAULT 0 NOT NULL,
  general_applicable integer DEFAULT 0 NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  external_name text,
  external_email text,
  calibration_of uuid,
  plan_id uuid,
  plan_run_id uuid,
  CONSTRAINT audits_calibration_not_self CHECK (((calibration_of IS NULL) OR (calibration_of <> id))),
  CONSTRAINT audits_calibration_of_fk FOREIGN KEY (tenant_id, calibration_of) REFERENCES audits(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT audits_check CHECK (((status = 'submitted'::text) = (submitted_at IS NOT NULL))),
  CONSTRAINT audits_external_email_check CHECK ((length(external_email) <= 254)),
  CONSTRAINT audits_external_name_check CHECK (((length(external_name) >= 1) AND (length(external_name) <= 120))),
  CONSTRAINT audits_idempotency_key_check CHECK ((length(idempotency_key) <= 80)),
  CONSTRAINT audits_kind_check CHECK ((kind = ANY (ARRAY['mystery_shop'::text, 'sampling'::text, 'self_inspection'::text, 'rehearsal'::text]))),
  CONSTRAINT audits_one_inspector CHECK (((external_name IS NULL) OR (inspector_id IS NULL))),
  CONSTRAINT audits_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT audits_score_check CHECK (((score >= (0)::double precision) AND (score <= (1)::double precision))),
  CONSTRAINT audits_status_check CHECK ((status = ANY (ARRAY['assigned'::text, 'submitted'::text, 'cancelled'::text]))),
  CONSTRAINT audits_tenant_id_checklist_id_checklist_version_fkey FOREIGN KEY (tenant_id, checklist_id, checklist_version) REFERENCES checklist_versions(tenant_id, checklist_id, version),
  CONSTRAINT audits_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT audits_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT audits_tenant_id_plan_id_fkey FOREIGN KEY (tenant_id, plan_id) REFERENCES audit_plans(tenant_id, id),
  CONSTRAINT audits_tenant_id_plan_run_id_fkey FOREIGN KEY (tenant_id, plan_run_id) REFERENCES audit_plan_runs(tenant_id, id)
);
CREATE UNIQUE INDEX audits_calibration_idx ON audits USING btree (tenant_id, calibration_of) WHERE ((calibration_of IS NOT NULL) AND (status <> 'cancelled'::text));
CREATE INDEX audits_checklist_idx ON audits USING btree (tenant_id, checklist_id);
CREATE INDEX audits_inspector_idx ON audits USING btree (tenant_id, inspector_id, status);
CREATE INDEX audits_plan_run_idx ON audits USING btree (tenant_id, plan_run_id) WHERE (plan_run_id IS NOT NULL);
CREATE INDEX audits_submitted_idx ON audits USING btree (tenant_id, submitted_at) WHERE (status = 'submitted'::text);
CREATE INDEX audits_unit_idx ON audits USING btree (tenant_id, org_unit_id, created_at);

CREATE TABLE blueprint_versions (
  tenant_id uuid NOT NULL,
  blueprint_id uuid NOT NULL,
  version integer NOT NULL,
  lanes jsonb NOT NULL,
  nodes jsonb NOT NULL,
  edges jsonb NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT blueprint_versions_pkey PRIMARY KEY (tenant_id, blueprint_id, version),
  CONSTRAINT blueprint_versions_tenant_id_blueprint_id_fkey FOREIGN KEY (tenant_id, blueprint_id) REFERENCES blueprints(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE blueprints (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  journey_id uuid NOT NULL,
  name text NOT NULL,
  name_en text,
  owner_team_id uuid,
  version integer DEFAULT 1 NOT NULL,
  archived boolean DEFAULT false NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT blueprints_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT blueprints_name_en_check CHECK ((length(name_en) <= 120)),
  CONSTRAINT blueprints_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT blueprints_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT blueprints_tenant_id_journey_id_fkey FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT blueprints_tenant_id_owner_team_id_fkey FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams(tenant_id, id) ON DELETE SET NULL (owner_team_id)
);
CREATE INDEX blueprints_journey_idx ON blueprints USING btree (tenant_id, journey_id);

CREATE TABLE bus_events (
  id bigint DEFAULT nextval('bus_events_id_seq'::regclass) NOT NULL,
  tenant_id uuid NOT NULL,
  node text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT bus_events_pkey PRIMARY KEY (id)
);
CREATE INDEX bus_events_created_at ON bus_events USING btree (created_at);

CREATE TABLE channels (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  url text,
  config jsonb DEFAULT '{}'::jsonb NOT NULL,
  secrets_sealed text,
  enabled boolean DEFAULT true NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT channels_kind_check CHECK ((kind = ANY (ARRAY['webhook'::text, 'email'::text, 'wechat-template'::text, 'sms'::text]))),
  CONSTRAINT channels_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT channels_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT channels_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT channels_url_check CHECK ((length(url) <= 2000))
);

CREATE TABLE checklist_versions (
  tenant_id uuid NOT NULL,
  checklist_id uuid NOT NULL,
  version integer NOT NULL,
  items jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT checklist_versions_pkey PRIMARY KEY (tenant_id, checklist_id, version),
  CONSTRAINT checklist_versions_tenant_id_checklist_id_fkey FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE checklists (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  description text,
  journey_id uuid,
  unit_kinds text[] DEFAULT '{}'::text[] NOT NULL,
  version integer DEFAULT 1 NOT NULL,
  archived boolean DEFAULT false NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  owner_id uuid,
  repeat_threshold integer DEFAULT 3 NOT NULL,
  repeat_window_days integer DEFAULT 30 NOT NULL,
  blueprint_id uuid,
  CONSTRAINT checklists_blueprint_fk FOREIGN KEY (tenant_id, blueprint_id) REFERENCES blueprints(tenant_id, id) ON DELETE SET NULL (blueprint_id),
  CONSTRAINT checklists_description_check CHECK ((length(description) <= 2000)),
  CONSTRAINT checklists_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT checklists_owner_fk FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id),
  CONSTRAINT checklists_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT checklists_repeat_threshold_check CHECK (((repeat_threshold >= 2) AND (repeat_threshold <= 100))),
  CONSTRAINT checklists_repeat_window_days_check CHECK (((repeat_window_days >= 1) AND (repeat_window_days <= 365))),
  CONSTRAINT checklists_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE concept_test_decisions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  test_id uuid NOT NULL,
  kind text NOT NULL,
  decision text NOT NULL,
  overrides_id uuid,
  justification text,
  evidence jsonb NOT NULL,
  recorded_by uuid,
  recorded_at timestamp with time zone NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  CONSTRAINT concept_test_decisions_check CHECK (((kind = 'override'::text) = ((overrides_id IS NOT NULL) AND (justification IS NOT NULL)))),
  CONSTRAINT concept_test_decisions_decision_check CHECK ((decision = ANY (ARRAY['launch'::text, 'veto'::text, 'insufficient'::text]))),
  CONSTRAINT concept_test_decisions_justification_check CHECK (((length(justification) >= 20) AND (length(justification) <= 2000))),
  CONSTRAINT concept_test_decisions_kind_check CHECK ((kind = ANY (ARRAY['computed'::text, 'override'::text]))),
  CONSTRAINT concept_test_decisions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT concept_test_decisions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT concept_test_decisions_tenant_id_overrides_id_fkey FOREIGN KEY (tenant_id, overrides_id) REFERENCES concept_test_decisions(tenant_id, id),
  CONSTRAINT concept_test_decisions_tenant_id_test_id_fkey FOREIGN KEY (tenant_id, test_id) REFERENCES concept_tests(tenant_id, id)
);
CREATE INDEX concept_test_decisions_test_idx ON concept_test_decisions USING btree (tenant_id, test_id, seq);
CREATE TRIGGER concept_test_decisions_kept BEFORE DELETE OR UPDATE ON concept_test_decisions FOR EACH ROW EXECUTE FUNCTION loopcx_concept_decision_kept();
CREATE TRIGGER concept_test_decisions_not_truncated BEFORE TRUNCATE ON concept_test_decisions FOR EACH STATEMENT EXECUTE FUNCTION loopcx_concept_decision_kept();

CREATE TABLE concept_tests (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  kind text DEFAULT 'concept'::text NOT NULL,
  survey_id uuid NOT NULL,
  approval_question text NOT NULL,
  approval_type text NOT NULL,
  approve_at_least double precision,
  approve_values text[] DEFAULT '{}'::text[] NOT NULL,
  threshold double precision DEFAULT 0.6 NOT NULL,
  min_n integer DEFAULT 100 NOT NULL,
  confidence double precision DEFAULT 0.95 NOT NULL,
  segment_question text,
  archived boolean DEFAULT false NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  product_id uuid,
  CONSTRAINT concept_tests_approval_question_check CHECK (((length(approval_question) >= 1) AND (length(approval_question) <= 100))),
  CONSTRAINT concept_tests_approval_type_check CHECK ((approval_type = ANY (ARRAY['rating'::text, 'boolean'::text, 'radiogroup'::text, 'dropdown'::text, 'checkbox'::text, 'tagbox'::text]))),
  CONSTRAINT concept_tests_confidence_check CHECK ((confidence = ANY (ARRAY[(0.9)::double precision, (0.95)::double precision, (0.99)::double precision]))),
  CONSTRAINT concept_tests_kind_check CHECK ((kind = ANY (ARRAY['concept'::text, 'idea'::text, 'sus'::text, 'seq'::text]))),
  CONSTRAINT concept_tests_min_n_check CHECK (((min_n >= 1) AND (min_n <= 100000))),
  CONSTRAINT concept_tests_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT concept_tests_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT concept_tests_product_fk FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id),
  CONSTRAINT concept_tests_segment_question_check CHECK (((length(segment_question) >= 1) AND (length(segment_question) <= 100))),
  CONSTRAINT concept_tests_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT concept_tests_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id),
  CONSTRAINT concept_tests_threshold_check CHECK (((threshold > (0)::double precision) AND (threshold < (1)::double precision)))
);
CREATE INDEX concept_tests_product_idx ON concept_tests USING btree (tenant_id, product_id) WHERE (product_id IS NOT NULL);
CREATE INDEX concept_tests_survey_idx ON concept_tests USING btree (tenant_id, survey_id);

CREATE TABLE contact_policies (
  tenant_id uuid NOT NULL,
  max_count integer,
  max_days integer,
  min_days_between integer,
  suppress_while_ticket_open boolean DEFAULT false NOT NULL,
  updated_by uuid,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT contact_policies_max_count_check CHECK (((max_count >= 1) AND (max_count <= 1000))),
  CONSTRAINT contact_policies_max_days_check CHECK (((max_days >= 1) AND (max_days <= 3650))),
  CONSTRAINT contact_policies_min_days_between_check CHECK (((min_days_between >= 0) AND (min_days_between <= 3650))),
  CONSTRAINT contact_policies_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT contact_policies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE customer_identities (
  tenant_id uuid NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  display text NOT NULL,
  customer_id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_identities_kind_check CHECK ((kind = ANY (ARRAY['member'::text, 'phone'::text, 'wechat_openid'::text, 'email'::text]))),
  CONSTRAINT customer_identities_pkey PRIMARY KEY (tenant_id, kind, value),
  CONSTRAINT customer_identities_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT customer_identities_value_check CHECK (((length(value) >= 1) AND (length(value) <= 200)))
);
CREATE INDEX customer_identities_customer_idx ON customer_identities USING btree (tenant_id, customer_id);

CREATE TABLE customer_merges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survivor_id uuid NOT NULL,
  merged_id uuid NOT NULL,
  moved jsonb DEFAULT '{}'::jsonb NOT NULL,
  actor_id uuid,
  merged_at timestamp with time zone NOT NULL,
  CONSTRAINT customer_merges_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT customer_merges_tenant_id_merged_id_key UNIQUE (tenant_id, merged_id)
);
CREATE INDEX customer_merges_survivor_idx ON customer_merges USING btree (tenant_id, survivor_id);

CREATE TABLE customer_resolution_cursors (
  tenant_id uuid NOT NULL,
  source text NOT NULL,
  last_id uuid NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_resolution_cursors_pkey PRIMARY KEY (tenant_id, source)
);

CREATE TABLE customer_score_rollups (
  tenant_id uuid NOT NULL,
  group_key text NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  day date NOT NULL,
  n integer DEFAULT 0 NOT NULL,
  sum double precision DEFAULT 0 NOT NULL,
  sumsq double precision DEFAULT 0 NOT NULL,
  h0 integer DEFAULT 0 NOT NULL,
  h1 integer DEFAULT 0 NOT NULL,
  h2 integer DEFAULT 0 NOT NULL,
  h3 integer DEFAULT 0 NOT NULL,
  h4 integer DEFAULT 0 NOT NULL,
  h5 integer DEFAULT 0 NOT NULL,
  h6 integer DEFAULT 0 NOT NULL,
  h7 integer DEFAULT 0 NOT NULL,
  h8 integer DEFAULT 0 NOT NULL,
  h9 integer DEFAULT 0 NOT NULL,
  h10 integer DEFAULT 0 NOT NULL,
  CONSTRAINT customer_score_rollups_pkey PRIMARY KEY (tenant_id, group_key, binding, day, survey_id, org_unit_id, touchpoint_id)
) WITH (fillfactor=70);

CREATE TABLE customer_score_rollups_monthly (
  tenant_id uuid NOT NULL,
  group_key text NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  month date NOT NULL,
  n integer DEFAULT 0 NOT NULL,
  sum double precision DEFAULT 0 NOT NULL,
  sumsq double precision DEFAULT 0 NOT NULL,
  h0 integer DEFAULT 0 NOT NULL,
  h1 integer DEFAULT 0 NOT NULL,
  h2 integer DEFAULT 0 NOT NULL,
  h3 integer DEFAULT 0 NOT NULL,
  h4 integer DEFAULT 0 NOT NULL,
  h5 integer DEFAULT 0 NOT NULL,
  h6 integer DEFAULT 0 NOT NULL,
  h7 integer DEFAULT 0 NOT NULL,
  h8 integer DEFAULT 0 NOT NULL,
  h9 integer DEFAULT 0 NOT NULL,
  h10 integer DEFAULT 0 NOT NULL,
  CONSTRAINT customer_score_rollups_monthly_pkey PRIMARY KEY (tenant_id, group_key, binding, month, survey_id, org_unit_id, touchpoint_id)
) WITH (fillfactor=70);

CREATE TABLE customer_segment_members (
  tenant_id uuid NOT NULL,
  segment_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  CONSTRAINT customer_segment_members_pkey PRIMARY KEY (tenant_id, segment_id, customer_id),
  CONSTRAINT customer_segment_members_tenant_id_segment_id_fkey FOREIGN KEY (tenant_id, segment_id) REFERENCES customer_segments(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_segment_members_customer_idx ON customer_segment_members USING btree (tenant_id, customer_id);

CREATE TABLE customer_segments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  description text,
  definition jsonb NOT NULL,
  member_count integer,
  refreshed_at timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_segments_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
  CONSTRAINT customer_segments_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT customer_segments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT customer_segments_tenant_id_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE customer_tag_rules (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  tag text NOT NULL,
  name text,
  measure jsonb NOT NULL,
  op text NOT NULL,
  value double precision NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  last_run_at timestamp with time zone,
  last_count integer,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_tag_rules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT customer_tag_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT customer_tag_rules_tenant_id_tag_key UNIQUE (tenant_id, tag)
);

CREATE TABLE customer_tags (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  tag text NOT NULL,
  source text NOT NULL,
  rule_id uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_tags_pkey PRIMARY KEY (tenant_id, customer_id, tag, source),
  CONSTRAINT customer_tags_source_check CHECK ((source = ANY (ARRAY['manual'::text, 'rule'::text]))),
  CONSTRAINT customer_tags_tag_check CHECK (((length(tag) >= 1) AND (length(tag) <= 40))),
  CONSTRAINT customer_tags_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_tags_tag_idx ON customer_tags USING btree (tenant_id, tag);

CREATE TABLE customer_tier_schemes (
  tenant_id uuid NOT NULL,
  measure jsonb NOT NULL,
  tiers jsonb NOT NULL,
  last_run_at timestamp with time zone,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT customer_tier_schemes_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT customer_tier_schemes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE customer_units (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  first_seen_at timestamp with time zone NOT NULL,
  last_seen_at timestamp with time zone NOT NULL,
  CONSTRAINT customer_units_pkey PRIMARY KEY (tenant_id, customer_id, org_unit_id),
  CONSTRAINT customer_units_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_units_unit_idx ON customer_units USING btree (tenant_id, org_unit_id, customer_id);

CREATE TABLE customers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  display_name text,
  attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
  tier text,
  merged_into uuid,
  first_seen_at timestamp with time zone,
  last_seen_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  opted_out_at timestamp with time zone,
  CONSTRAINT customers_display_name_check CHECK ((length(display_name) <= 100)),
  CONSTRAINT customers_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT customers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX customers_list_idx ON customers USING btree (tenant_id, created_at DESC, id DESC) WHERE (merged_into IS NULL);
CREATE INDEX customers_tier_idx ON customers USING btree (tenant_id, tier) WHERE (merged_into IS NULL);

CREATE TABLE event_rollups (
  tenant_id uuid NOT NULL,
  type text NOT NULL,
  variant text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  day date NOT NULL,
  n bigint DEFAULT 0 NOT NULL,
  nv bigint DEFAULT 0 NOT NULL,
  sum double precision DEFAULT 0 NOT NULL,
  sumsq double precision DEFAULT 0 NOT NULL,
  CONSTRAINT event_rollups_pkey PRIMARY KEY (tenant_id, type, variant, org_unit_id, touchpoint_id, day)
) WITH (fillfactor=70);
CREATE INDEX event_rollups_unit_day_idx ON event_rollups USING btree (tenant_id, org_unit_id, day);

CREATE TABLE event_types (
  tenant_id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  name_en text,
  description text,
  properties jsonb DEFAULT '{}'::jsonb NOT NULL,
  strict boolean DEFAULT false NOT NULL,
  value_label text,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT event_types_key_check CHECK (((key ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$'::text) AND (length(key) <= 100))),
  CONSTRAINT event_types_pkey PRIMARY KEY (tenant_id, key),
  CONSTRAINT event_types_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text])))
);

CREATE TABLE events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  type text NOT NULL,
  occurred_at timestamp with time zone NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_ref text,
  customer_id uuid,
  properties jsonb DEFAULT '{}'::jsonb NOT NULL,
  value double precision,
  idempotency_key text,
  body_hash text,
  source text DEFAULT 'api'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  export_xid xid8 DEFAULT pg_current_xact_id(),
  CONSTRAINT events_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT events_tenant_id_idempotency_key_key UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX events_customer_idx ON events USING btree (tenant_id, customer_ref);
CREATE INDEX events_customer_type_time_idx ON events USING btree (tenant_id, customer_id, type, occurred_at) WHERE (customer_id IS NOT NULL);
CREATE INDEX events_export_xid_idx ON events USING btree (tenant_id, export_xid, id);
CREATE INDEX events_type_time_idx ON events USING btree (tenant_id, type, occurred_at);
CREATE INDEX events_unit_time_idx ON events USING btree (tenant_id, org_unit_id, occurred_at);

CREATE TABLE export_runs (
  tenant_id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  id uuid NOT NULL,
  seq integer NOT NULL,
  trigger text NOT NULL,
  status text NOT NULL,
  snapshot_from text,
  snapshot_to text NOT NULL,
  file_name text NOT NULL,
  rows bigint DEFAULT 0 NOT NULL,
  bytes bigint DEFAULT 0 NOT NULL,
  sha256 text,
  attempts integer DEFAULT 0 NOT NULL,
  error text,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT export_runs_pkey PRIMARY KEY (tenant_id, schedule_id, id),
  CONSTRAINT export_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'failed'::text, 'succeeded'::text]))),
  CONSTRAINT export_runs_tenant_id_schedule_id_fkey FOREIGN KEY (tenant_id, schedule_id) REFERENCES export_schedules(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT export_runs_tenant_id_schedule_id_seq_key UNIQUE (tenant_id, schedule_id, seq),
  CONSTRAINT export_runs_trigger_check CHECK ((trigger = ANY (ARRAY['schedule'::text, 'manual'::text])))
);
CREATE INDEX export_runs_open_idx ON export_runs USING btree (tenant_id, schedule_id) WHERE (status <> 'succeeded'::text);

CREATE TABLE export_schedules (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text DEFAULT ''::text NOT NULL,
  dataset text NOT NULL,
  format text NOT NULL,
  every text NOT NULL,
  destination jsonb NOT NULL,
  org_unit_id uuid NOT NULL,
  secret text NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  watermark text,
  run_seq integer DEFAULT 0 NOT NULL,
  next_run_at timestamp with time zone DEFAULT now() NOT NULL,
  lease_owner text,
  lease_until timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT export_schedules_dataset_check CHECK ((dataset = ANY (ARRAY['responses'::text, 'events'::text, 'tickets'::text, 'feedback'::text, 'metrics'::text]))),
  CONSTRAINT export_schedules_every_check CHECK ((every = ANY (ARRAY['hour'::text, 'day'::text]))),
  CONSTRAINT export_schedules_format_check CHECK ((format = ANY (ARRAY['ndjson'::text, 'csv'::text, 'parquet'::text]))),
  CONSTRAINT export_schedules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT export_schedules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT export_schedules_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX export_schedules_due_idx ON export_schedules USING btree (next_run_at) WHERE enabled;

CREATE TABLE exports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text DEFAULT 'responses'::text NOT NULL,
  format text NOT NULL,
  filters jsonb DEFAULT '{}'::jsonb NOT NULL,
  actor jsonb NOT NULL,
  status text DEFAULT 'queued'::text NOT NULL,
  total integer,
  rows_written integer DEFAULT 0 NOT NULL,
  file text,
  error text,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  finished_at timestamp with time zone,
  expired_at timestamp with time zone,
  CONSTRAINT exports_format_check CHECK ((format = ANY (ARRAY['csv'::text, 'xlsx'::text]))),
  CONSTRAINT exports_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT exports_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text, 'failed'::text, 'expired'::text])))
);
CREATE INDEX exports_finished_idx ON exports USING btree (finished_at) WHERE (status = 'done'::text);

CREATE TABLE feedback_connector_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  connector_id uuid NOT NULL,
  trigger text NOT NULL,
  status text NOT NULL,
  message_id text,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone NOT NULL,
  fetched integer DEFAULT 0 NOT NULL,
  stored integer DEFAULT 0 NOT NULL,
  duplicates integer DEFAULT 0 NOT NULL,
  rejected integer DEFAULT 0 NOT NULL,
  cursor_before text,
  cursor_after text,
  error text,
  CONSTRAINT feedback_connector_runs_message_id_check CHECK ((length(message_id) <= 200)),
  CONSTRAINT feedback_connector_runs_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT feedback_connector_runs_status_check CHECK ((status = ANY (ARRAY['ok'::text, 'error'::text]))),
  CONSTRAINT feedback_connector_runs_tenant_id_connector_id_fkey FOREIGN KEY (tenant_id, connector_id) REFERENCES feedback_connectors(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT feedback_connector_runs_trigger_check CHECK ((trigger = ANY (ARRAY['schedule'::text, 'manual'::text, 'inbound'::text])))
);
CREATE INDEX feedback_connector_runs_connector_idx ON feedback_connector_runs USING btree (tenant_id, connector_id, started_at DESC);
CREATE UNIQUE INDEX feedback_connector_runs_message_idx ON feedback_connector_runs USING btree (tenant_id, connector_id, message_id) WHERE (message_id IS NOT NULL);

CREATE TABLE feedback_connectors (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  source text NOT NULL,
  channel text,
  org_unit_id uuid NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  url text,
  mapping jsonb DEFAULT '{}'::jsonb NOT NULL,
  items_path text,
  cursor_param text,
  cursor_path text,
  cursor text,
  poll_minutes integer DEFAULT 15 NOT NULL,
  next_poll_at timestamp with time zone,
  lease_until timestamp with time zone,
  secret_sealed text,
  last_run_at timestamp with time zone,
  last_status text,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT feedback_connectors_channel_check CHECK ((length(channel) <= 100)),
  CONSTRAINT feedback_connectors_kind_check CHECK ((kind = ANY (ARRAY['webhook'::text, 'rss'::text, 'json_api'::text]))),
  CONSTRAINT feedback_connectors_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT feedback_connectors_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT feedback_connectors_poll_minutes_check CHECK (((poll_minutes >= 1) AND (poll_minutes <= 1440))),
  CONSTRAINT feedback_connectors_source_check CHECK ((source = ANY (ARRAY['social'::text, 'forum'::text, 'app_review'::text, 'call_transcript'::text, 'other'::text]))),
  CONSTRAINT feedback_connectors_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT feedback_connectors_url_check CHECK ((length(url) <= 2000))
);
CREATE INDEX feedback_connectors_due_idx ON feedback_connectors USING btree (next_poll_at) WHERE (enabled AND (kind <> 'webhook'::text));

CREATE TABLE feedback_items (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  source text NOT NULL,
  channel text,
  url text,
  author text,
  text text NOT NULL,
  rating double precision,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_ref text,
  customer_id uuid,
  external_id text,
  occurred_at timestamp with time zone NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  export_xid xid8 DEFAULT pg_current_xact_id(),
  connector_id uuid,
  first_reply_at timestamp with time zone,
  sdk_key_id uuid,
  app_version text,
  locale text,
  user_agent text,
  anonymous_id text,
  screenshot_ref text,
  screenshot_type text,
  contact_sealed text,
  reply_token_hash text,
  CONSTRAINT feedback_items_anonymous_id_check CHECK ((length(anonymous_id) <= 64)),
  CONSTRAINT feedback_items_app_version_check CHECK ((length(app_version) <= 50)),
  CONSTRAINT feedback_items_locale_check CHECK ((length(locale) <= 35)),
  CONSTRAINT feedback_items_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT feedback_items_screenshot_type_check CHECK ((screenshot_type = ANY (ARRAY['image/png'::text, 'image/jpeg'::text, 'image/webp'::text]))),
  CONSTRAINT feedback_items_source_check CHECK ((source = ANY (ARRAY['social'::text, 'forum'::text, 'app_review'::text, 'call_transcript'::text, 'other'::text, 'in_app'::text, 'panel'::text]))),
  CONSTRAINT feedback_items_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT feedback_items_tenant_id_touchpoint_id_fkey FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id),
  CONSTRAINT feedback_items_text_check CHECK (((length(text) >= 1) AND (length(text) <= 20000))),
  CONSTRAINT feedback_items_user_agent_check CHECK ((length(user_agent) <= 500))
);
CREATE INDEX feedback_items_customer_idx ON feedback_items USING btree (tenant_id, customer_ref) WHERE (customer_ref IS NOT NULL);
CREATE INDEX feedback_items_export_xid_idx ON feedback_items USING btree (tenant_id, export_xid, id);
CREATE UNIQUE INDEX feedback_items_external_idx ON feedback_items USING btree (tenant_id, source, external_id) WHERE (external_id IS NOT NULL);
CREATE UNIQUE INDEX feedback_items_reply_token_idx ON feedback_items USING btree (tenant_id, reply_token_hash) WHERE (reply_token_hash IS NOT NULL);
CREATE INDEX feedback_items_time_idx ON feedback_items USING btree (tenant_id, occurred_at);
CREATE INDEX feedback_items_unit_time_idx ON feedback_items USING btree (tenant_id, org_unit_id, occurred_at);
CREATE TRIGGER webhook_feedback AFTER INSERT ON feedback_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_feedback();

CREATE TABLE feedback_replies (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  feedback_id uuid NOT NULL,
  text text NOT NULL,
  channel text NOT NULL,
  author_id uuid,
  created_at timestamp with time zone NOT NULL,
  mail_status text,
  mailed_at timestamp with time zone,
  CONSTRAINT feedback_replies_channel_check CHECK (((length(channel) >= 1) AND (length(channel) <= 100))),
  CONSTRAINT feedback_replies_mail_status_check CHECK ((mail_status = ANY (ARRAY['pending'::text, 'sent'::text, 'no_smtp'::text]))),
  CONSTRAINT feedback_replies_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT feedback_replies_tenant_id_feedback_id_fkey FOREIGN KEY (tenant_id, feedback_id) REFERENCES feedback_items(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT feedback_replies_text_check CHECK (((length(text) >= 1) AND (length(text) <= 5000)))
);
CREATE INDEX feedback_replies_item_idx ON feedback_replies USING btree (tenant_id, feedback_id, created_at);

CREATE TABLE improvement_actions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  title text NOT NULL,
  description text,
  owner_id uuid,
  root_cause_id uuid,
  ticket_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  org_unit_ids uuid[] NOT NULL,
  metric text NOT NULL,
  start_date date NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT improvement_actions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT improvement_actions_status_check CHECK ((status = ANY (ARRAY['planned'::text, 'active'::text, 'done'::text, 'cancelled'::text]))),
  CONSTRAINT improvement_actions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE invitations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer jsonb,
  context jsonb,
  expires_at timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  opened_at timestamp with time zone,
  responded_at timestamp with time zone,
  customer_id uuid,
  trigger_id uuid,
  channel_id uuid,
  event_id uuid,
  status text DEFAULT 'created'::text NOT NULL,
  reason text,
  error text,
  attempts integer DEFAULT 0 NOT NULL,
  sends integer DEFAULT 0 NOT NULL,
  send_at timestamp with time zone,
  lease_until timestamp with time zone,
  sent_at timestamp with time zone,
  delivered_at timestamp with time zone,
  started_at timestamp with time zone,
  failed_at timestamp with time zone,
  provider_id text,
  reminder_due_at timestamp with time zone,
  reminded_at timestamp with time zone,
  recipient_sealed text,
  programme_id uuid,
  wave_id uuid,
  intercept_id uuid,
  anonymous_id text,
  sdk_key_id uuid,
  CONSTRAINT invitations_anonymous_id_check CHECK ((length(anonymous_id) <= 64)),
  CONSTRAINT invitations_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT invitations_status_check CHECK ((status = ANY (ARRAY['created'::text, 'scheduled'::text, 'sent'::text, 'delivered'::text, 'failed'::text, 'suppressed'::text]))),
  CONSTRAINT invitations_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invitations_customer_idx ON invitations USING btree (tenant_id, customer_id, created_at) WHERE (customer_id IS NOT NULL);
CREATE INDEX invitations_intercept_customer_idx ON invitations USING btree (tenant_id, intercept_id, customer_id, created_at) WHERE ((intercept_id IS NOT NULL) AND (customer_id IS NOT NULL));
CREATE INDEX invitations_intercept_visitor_idx ON invitations USING btree (tenant_id, intercept_id, anonymous_id, created_at) WHERE (intercept_id IS NOT NULL);
CREATE INDEX invitations_list_idx ON invitations USING btree (tenant_id, created_at DESC, id DESC);
CREATE INDEX invitations_programme_idx ON invitations USING btree (tenant_id, programme_id, customer_id, created_at) WHERE (programme_id IS NOT NULL);
CREATE INDEX invitations_provider_idx ON invitations USING btree (tenant_id, channel_id, provider_id) WHERE (provider_id IS NOT NULL);
CREATE INDEX invitations_reminder_idx ON invitations USING btree (reminder_due_at) WHERE ((reminder_due_at IS NOT NULL) AND (reminded_at IS NULL));
CREATE INDEX invitations_scheduled_idx ON invitations USING btree (send_at) WHERE (status = 'scheduled'::text);
CREATE INDEX invitations_survey_idx ON invitations USING btree (tenant_id, survey_id, created_at);
CREATE UNIQUE INDEX invitations_trigger_event_key ON invitations USING btree (tenant_id, trigger_id, event_id) WHERE (event_id IS NOT NULL);
CREATE INDEX invitations_trigger_idx ON invitations USING btree (tenant_id, trigger_id, created_at) WHERE (trigger_id IS NOT NULL);
CREATE UNIQUE INDEX invitations_wave_customer_key ON invitations USING btree (tenant_id, wave_id, customer_id) WHERE (wave_id IS NOT NULL);

CREATE TABLE jobs (
  id bigint DEFAULT nextval('jobs_id_seq'::regclass) NOT NULL,
  tenant_id uuid,
  kind text NOT NULL,
  payload jsonb DEFAULT '{}'::jsonb NOT NULL,
  run_at timestamp with time zone DEFAULT now() NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  locked_until timestamp with time zone,
  last_error text,
  dead_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  locked_by uuid,
  CONSTRAINT jobs_pkey PRIMARY KEY (id)
);
CREATE INDEX jobs_due_idx ON jobs USING btree (run_at, id) WHERE (dead_at IS NULL);

CREATE TABLE journey_stages (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  journey_id uuid NOT NULL,
  position integer NOT NULL,
  name text NOT NULL,
  name_en text,
  CONSTRAINT journey_stages_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT journey_stages_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT journey_stages_tenant_id_journey_id_fkey FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX journey_stages_journey_idx ON journey_stages USING btree (tenant_id, journey_id, "position");

CREATE TABLE journeys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  name_en text,
  description text,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT journeys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT journeys_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT journeys_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
  CONSTRAINT journeys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE login_throttle (
  key text NOT NULL,
  failures integer DEFAULT 0 NOT NULL,
  window_start timestamp with time zone DEFAULT now() NOT NULL,
  last_at timestamp with time zone DEFAULT now() NOT NULL,
  locked_until timestamp with time zone,
  CONSTRAINT login_throttle_pkey PRIMARY KEY (key)
);

CREATE TABLE metric_definitions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  name_en text,
  description text,
  kind text DEFAULT 'formula'::text NOT NULL,
  formula text NOT NULL,
  format text DEFAULT 'number'::text NOT NULL,
  decimals integer DEFAULT 2 NOT NULL,
  direction text DEFAULT 'higher'::text NOT NULL,
  target double precision,
  min_n integer DEFAULT 5 NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT metric_definitions_decimals_check CHECK (((decimals >= 0) AND (decimals <= 6))),
  CONSTRAINT metric_definitions_direction_check CHECK ((direction = ANY (ARRAY['higher'::text, 'lower'::text]))),
  CONSTRAINT metric_definitions_key_check CHECK ((key ~ '^[a-z][a-z0-9_]{0,62}$'::text)),
  CONSTRAINT metric_definitions_kind_check CHECK ((kind = 'formula'::text)),
  CONSTRAINT metric_definitions_min_n_check CHECK ((min_n >= 1)),
  CONSTRAINT metric_definitions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT metric_definitions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
  CONSTRAINT metric_definitions_tenant_id_key_key UNIQUE (tenant_id, key)
);

CREATE TABLE metric_targets (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  metric_key text NOT NULL,
  org_unit_id uuid NOT NULL,
  period text NOT NULL,
  value double precision NOT NULL,
  set_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT metric_targets_metric_key_check CHECK (((length(metric_key) >= 1) AND (length(metric_key) <= 120))),
  CONSTRAINT metric_targets_period_check CHECK ((period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'::text)),
  CONSTRAINT metric_targets_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT metric_targets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT metric_targets_tenant_id_metric_key_period_org_unit_id_key UNIQUE (tenant_id, metric_key, period, org_unit_id),
  CONSTRAINT metric_targets_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT metric_targets_value_check CHECK (((value = value) AND (value > ('-1000000000000'::numeric)::double precision) AND (value < ('1000000000000'::numeric)::double precision)))
);

CREATE TABLE nba_decisions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  arm text NOT NULL,
  decided_at timestamp with time zone NOT NULL,
  action jsonb NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  status_at timestamp with time zone,
  status_by uuid,
  CONSTRAINT nba_decisions_arm_check CHECK ((arm = ANY (ARRAY['treatment'::text, 'holdout'::text]))),
  CONSTRAINT nba_decisions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT nba_decisions_status_check CHECK ((status = ANY (ARRAY['open'::text, 'taken'::text, 'dismissed'::text]))),
  CONSTRAINT nba_decisions_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT nba_decisions_tenant_id_rule_id_fkey FOREIGN KEY (tenant_id, rule_id) REFERENCES nba_rules(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX nba_decisions_customer_idx ON nba_decisions USING btree (tenant_id, customer_id, rule_id, decided_at DESC);
CREATE INDEX nba_decisions_rule_idx ON nba_decisions USING btree (tenant_id, rule_id, decided_at);

CREATE TABLE nba_rules (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  priority integer NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  conditions jsonb DEFAULT '[]'::jsonb NOT NULL,
  action jsonb NOT NULL,
  holdout_pct integer DEFAULT 10 NOT NULL,
  outcome jsonb NOT NULL,
  cooldown_days integer DEFAULT 30 NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT nba_rules_cooldown_days_check CHECK (((cooldown_days >= 1) AND (cooldown_days <= 365))),
  CONSTRAINT nba_rules_holdout_pct_check CHECK (((holdout_pct >= 0) AND (holdout_pct <= 50))),
  CONSTRAINT nba_rules_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
  CONSTRAINT nba_rules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT nba_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT nba_rules_tenant_id_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX nba_rules_priority_idx ON nba_rules USING btree (tenant_id, priority);

CREATE TABLE notification_preferences (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  channel text NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT notification_preferences_channel_check CHECK ((channel = ANY (ARRAY['in_app'::text, 'email'::text, 'push'::text]))),
  CONSTRAINT notification_preferences_kind_check CHECK (((length(kind) >= 1) AND (length(kind) <= 64))),
  CONSTRAINT notification_preferences_pkey PRIMARY KEY (tenant_id, user_id, kind, channel),
  CONSTRAINT notification_preferences_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE notification_robots (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  name text NOT NULL,
  provider text NOT NULL,
  webhook_sealed text NOT NULL,
  webhook_hint text NOT NULL,
  secret_sealed text,
  kinds text[] DEFAULT '{}'::text[] NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  last_status text,
  last_sent_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT notification_robots_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
  CONSTRAINT notification_robots_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT notification_robots_provider_check CHECK ((provider = ANY (ARRAY['wecom'::text, 'dingtalk'::text, 'feishu'::text]))),
  CONSTRAINT notification_robots_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_robots_unit_idx ON notification_robots USING btree (tenant_id, org_unit_id);

CREATE TABLE notifications (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  read_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  webhook_id uuid,
  kind text DEFAULT 'alert'::text NOT NULL,
  link text,
  html text,
  CONSTRAINT notifications_channel_check CHECK ((channel = ANY (ARRAY['in_app'::text, 'email'::text, 'webhook'::text, 'push'::text, 'robot'::text]))),
  CONSTRAINT notifications_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT notifications_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sent'::text, 'failed'::text, 'outbox'::text])))
);
CREATE INDEX notifications_inbox_idx ON notifications USING btree (tenant_id, recipient, created_at DESC, id) WHERE (channel = 'in_app'::text);
CREATE INDEX notifications_unread_idx ON notifications USING btree (tenant_id, recipient) WHERE ((channel = 'in_app'::text) AND (read_at IS NULL));

CREATE TABLE org_units (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  parent_id uuid,
  path text NOT NULL,
  depth integer NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  kind text NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  address text,
  lat double precision,
  lng double precision,
  CONSTRAINT org_units_address_check CHECK ((char_length(address) <= 300)),
  CONSTRAINT org_units_code_check CHECK (((length(code) >= 1) AND (length(code) <= 64))),
  CONSTRAINT org_units_kind_check CHECK ((kind = ANY (ARRAY['hq'::text, 'region'::text, 'city'::text, 'store'::text, 'department'::text]))),
  CONSTRAINT org_units_lat_check CHECK (((lat >= ('-90'::integer)::double precision) AND (lat <= (90)::double precision))),
  CONSTRAINT org_units_lng_check CHECK (((lng >= ('-180'::integer)::double precision) AND (lng <= (180)::double precision))),
  CONSTRAINT org_units_location_pair CHECK (((lat IS NULL) = (lng IS NULL))),
  CONSTRAINT org_units_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT org_units_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT org_units_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
  CONSTRAINT org_units_tenant_id_code_key UNIQUE (tenant_id, code),
  CONSTRAINT org_units_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT org_units_tenant_id_parent_id_fkey FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX org_units_parent_idx ON org_units USING btree (tenant_id, parent_id);
CREATE INDEX org_units_path_idx ON org_units USING btree (tenant_id, path text_pattern_ops);

CREATE TABLE panel_diary_entries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  response_id uuid NOT NULL,
  day date NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT panel_diary_entries_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_diary_entries_tenant_id_assignment_id_day_key UNIQUE (tenant_id, assignment_id, day),
  CONSTRAINT panel_diary_entries_tenant_id_assignment_id_fkey FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_diary_entries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_diary_entries_tenant_id_response_id_fkey FOREIGN KEY (tenant_id, response_id) REFERENCES responses(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE panel_members (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  display_name text NOT NULL,
  contact_display text,
  status text NOT NULL,
  points integer DEFAULT 0 NOT NULL,
  tier text,
  screener_answers jsonb DEFAULT '{}'::jsonb NOT NULL,
  token_version integer DEFAULT 1 NOT NULL,
  applied_at timestamp with time zone NOT NULL,
  joined_at timestamp with time zone,
  left_at timestamp with time zone,
  earned integer DEFAULT 0 NOT NULL,
  CONSTRAINT panel_members_contact_display_check CHECK ((length(contact_display) <= 300)),
  CONSTRAINT panel_members_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 100))),
  CONSTRAINT panel_members_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_members_points_check CHECK ((points >= 0)),
  CONSTRAINT panel_members_status_check CHECK ((status = ANY (ARRAY['applied'::text, 'active'::text, 'rejected'::text, 'left'::text]))),
  CONSTRAINT panel_members_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id),
  CONSTRAINT panel_members_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_members_tenant_id_panel_id_customer_id_key UNIQUE (tenant_id, panel_id, customer_id),
  CONSTRAINT panel_members_tenant_id_panel_id_fkey FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_members_token_version_check CHECK (((token_version >= 1) AND (token_version <= 255)))
);
CREATE INDEX panel_members_panel_idx ON panel_members USING btree (tenant_id, panel_id, status);

CREATE TABLE panel_photos (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  file_ref text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT panel_photos_content_type_check CHECK ((content_type = ANY (ARRAY['image/png'::text, 'image/jpeg'::text, 'image/webp'::text]))),
  CONSTRAINT panel_photos_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_photos_tenant_id_assignment_id_fkey FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_photos_assignment_idx ON panel_photos USING btree (tenant_id, assignment_id);

CREATE TABLE panel_point_ledger (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  member_id uuid NOT NULL,
  delta integer NOT NULL,
  reason text NOT NULL,
  reference_id uuid,
  note text,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT panel_point_ledger_note_check CHECK ((length(note) <= 500)),
  CONSTRAINT panel_point_ledger_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_point_ledger_reason_check CHECK ((reason = ANY (ARRAY['task_approved'::text, 'adjustment'::text, 'redemption'::text, 'redemption_refund'::text]))),
  CONSTRAINT panel_point_ledger_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_point_ledger_tenant_id_member_id_fkey FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX panel_ledger_award_idx ON panel_point_ledger USING btree (tenant_id, reference_id) WHERE (reason = 'task_approved'::text);
CREATE INDEX panel_ledger_member_idx ON panel_point_ledger USING btree (tenant_id, member_id, created_at DESC);
CREATE UNIQUE INDEX panel_ledger_redemption_idx ON panel_point_ledger USING btree (tenant_id, reference_id, reason) WHERE (reason = ANY (ARRAY['redemption'::text, 'redemption_refund'::text]));

CREATE TABLE panel_redemptions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  reward_id uuid NOT NULL,
  member_id uuid NOT NULL,
  points integer NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  note text,
  created_at timestamp with time zone NOT NULL,
  handled_by uuid,
  handled_at timestamp with time zone,
  CONSTRAINT panel_redemptions_note_check CHECK ((length(note) <= 500)),
  CONSTRAINT panel_redemptions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_redemptions_points_check CHECK ((points > 0)),
  CONSTRAINT panel_redemptions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'fulfilled'::text, 'cancelled'::text]))),
  CONSTRAINT panel_redemptions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_redemptions_tenant_id_member_id_fkey FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_redemptions_tenant_id_panel_id_fkey FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_redemptions_tenant_id_reward_id_fkey FOREIGN KEY (tenant_id, reward_id) REFERENCES panel_rewards(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_redemptions_member_idx ON panel_redemptions USING btree (tenant_id, member_id, created_at DESC);
CREATE INDEX panel_redemptions_panel_idx ON panel_redemptions USING btree (tenant_id, panel_id, created_at DESC);

CREATE TABLE panel_rewards (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  name text NOT NULL,
  description text,
  points_cost integer NOT NULL,
  stock integer,
  active boolean DEFAULT true NOT NULL,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT panel_rewards_description_check CHECK ((length(description) <= 2000)),
  CONSTRAINT panel_rewards_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT panel_rewards_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_rewards_points_cost_check CHECK (((points_cost >= 1) AND (points_cost <= 10000000))),
  CONSTRAINT panel_rewards_stock_check CHECK ((stock >= 0)),
  CONSTRAINT panel_rewards_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_rewards_tenant_id_panel_id_fkey FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_rewards_panel_idx ON panel_rewards USING btree (tenant_id, panel_id, points_cost);

CREATE TABLE panel_submissions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  answers jsonb NOT NULL,
  report_text text,
  submitted_at timestamp with time zone NOT NULL,
  reviewed_by uuid,
  reviewed_at timestamp with time zone,
  review_note text,
  points_awarded integer,
  feedback_item_id uuid,
  CONSTRAINT panel_submissions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_submissions_report_text_check CHECK ((length(report_text) <= 20000)),
  CONSTRAINT panel_submissions_review_note_check CHECK ((length(review_note) <= 2000)),
  CONSTRAINT panel_submissions_tenant_id_assignment_id_fkey FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_submissions_tenant_id_assignment_id_key UNIQUE (tenant_id, assignment_id),
  CONSTRAINT panel_submissions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX panel_submissions_review_idx ON panel_submissions USING btree (tenant_id, submitted_at DESC) WHERE (reviewed_at IS NULL);

CREATE TABLE panel_task_assignments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  task_id uuid NOT NULL,
  member_id uuid NOT NULL,
  due_at timestamp with time zone NOT NULL,
  status text DEFAULT 'assigned'::text NOT NULL,
  checkin_lat double precision,
  checkin_lng double precision,
  checkin_distance_m integer,
  checked_in_at timestamp with time zone,
  assigned_at timestamp with time zone NOT NULL,
  CONSTRAINT panel_task_assignments_checkin_lat_check CHECK (((checkin_lat >= ('-90'::integer)::double precision) AND (checkin_lat <= (90)::double precision))),
  CONSTRAINT panel_task_assignments_checkin_lng_check CHECK (((checkin_lng >= ('-180'::integer)::double precision) AND (checkin_lng <= (180)::double precision))),
  CONSTRAINT panel_task_assignments_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_task_assignments_status_check CHECK ((status = ANY (ARRAY['assigned'::text, 'submitted'::text, 'approved'::text, 'rejected'::text, 'overdue'::text]))),
  CONSTRAINT panel_task_assignments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_task_assignments_tenant_id_member_id_fkey FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_task_assignments_tenant_id_task_id_fkey FOREIGN KEY (tenant_id, task_id) REFERENCES panel_tasks(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_task_assignments_tenant_id_task_id_member_id_key UNIQUE (tenant_id, task_id, member_id)
);
CREATE INDEX panel_assignments_due_idx ON panel_task_assignments USING btree (due_at) WHERE (status = 'assigned'::text);
CREATE INDEX panel_assignments_member_idx ON panel_task_assignments USING btree (tenant_id, member_id);

CREATE TABLE panel_tasks (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  title text NOT NULL,
  kind text NOT NULL,
  instructions text,
  org_unit_id uuid,
  check_in_required boolean DEFAULT false NOT NULL,
  radius_m integer DEFAULT 500 NOT NULL,
  min_photos integer DEFAULT 0 NOT NULL,
  fields jsonb DEFAULT '[]'::jsonb NOT NULL,
  points integer NOT NULL,
  due_at timestamp with time zone NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  survey_id uuid,
  entries text DEFAULT 'once'::text NOT NULL,
  min_entries integer DEFAULT 1 NOT NULL,
  CONSTRAINT panel_tasks_check CHECK (((kind = 'online'::text) OR (org_unit_id IS NOT NULL))),
  CONSTRAINT panel_tasks_check1 CHECK (((survey_id IS NULL) OR (kind = 'online'::text))),
  CONSTRAINT panel_tasks_check2 CHECK (((survey_id IS NOT NULL) OR ((entries = 'once'::text) AND (min_entries = 1)))),
  CONSTRAINT panel_tasks_check3 CHECK (((entries = 'daily'::text) OR (min_entries = 1))),
  CONSTRAINT panel_tasks_entries_check CHECK ((entries = ANY (ARRAY['once'::text, 'daily'::text]))),
  CONSTRAINT panel_tasks_instructions_check CHECK ((length(instructions) <= 4000)),
  CONSTRAINT panel_tasks_kind_check CHECK ((kind = ANY (ARRAY['online'::text, 'offline'::text]))),
  CONSTRAINT panel_tasks_min_entries_check CHECK (((min_entries >= 1) AND (min_entries <= 60))),
  CONSTRAINT panel_tasks_min_photos_check CHECK (((min_photos >= 0) AND (min_photos <= 10))),
  CONSTRAINT panel_tasks_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panel_tasks_points_check CHECK (((points >= 0) AND (points <= 100000))),
  CONSTRAINT panel_tasks_radius_m_check CHECK (((radius_m >= 10) AND (radius_m <= 50000))),
  CONSTRAINT panel_tasks_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text]))),
  CONSTRAINT panel_tasks_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panel_tasks_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT panel_tasks_tenant_id_panel_id_fkey FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT panel_tasks_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id),
  CONSTRAINT panel_tasks_title_check CHECK (((length(title) >= 1) AND (length(title) <= 120)))
);
CREATE INDEX panel_tasks_panel_idx ON panel_tasks USING btree (tenant_id, panel_id, created_at DESC);

CREATE TABLE panels (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  description text,
  benefits text,
  screener_survey_id uuid,
  pass_rule jsonb DEFAULT '{"kind": "all"}'::jsonb NOT NULL,
  tiers jsonb DEFAULT '[]'::jsonb NOT NULL,
  tag text DEFAULT '体验达人'::text NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  recruit_limit integer,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT panels_benefits_check CHECK ((length(benefits) <= 2000)),
  CONSTRAINT panels_description_check CHECK ((length(description) <= 4000)),
  CONSTRAINT panels_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT panels_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT panels_recruit_limit_check CHECK (((recruit_limit >= 1) AND (recruit_limit <= 100000))),
  CONSTRAINT panels_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text]))),
  CONSTRAINT panels_tag_check CHECK (((length(tag) >= 1) AND (length(tag) <= 50))),
  CONSTRAINT panels_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT panels_tenant_id_screener_survey_id_fkey FOREIGN KEY (tenant_id, screener_survey_id) REFERENCES surveys(tenant_id, id)
);

CREATE TABLE problem_events (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  problem_id uuid NOT NULL,
  task_id uuid,
  kind text NOT NULL,
  actor_id uuid,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  at timestamp with time zone NOT NULL,
  CONSTRAINT problem_events_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT problem_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT problem_events_tenant_id_problem_id_fkey FOREIGN KEY (tenant_id, problem_id) REFERENCES problems(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX problem_events_problem_idx ON problem_events USING btree (tenant_id, problem_id, at);

CREATE TABLE problem_task_evidence (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  task_id uuid NOT NULL,
  note text,
  file_name text,
  content_type text,
  size integer,
  file_ref text,
  seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT problem_task_evidence_check CHECK (((note IS NOT NULL) OR (file_ref IS NOT NULL))),
  CONSTRAINT problem_task_evidence_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT problem_task_evidence_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT problem_task_evidence_tenant_id_task_id_fkey FOREIGN KEY (tenant_id, task_id) REFERENCES problem_tasks(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX problem_task_evidence_task_idx ON problem_task_evidence USING btree (tenant_id, task_id, created_at);

CREATE TABLE problem_tasks (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  problem_id uuid NOT NULL,
  seq integer NOT NULL,
  title text NOT NULL,
  team_id uuid,
  org_unit_id uuid,
  due_at timestamp with time zone NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  progress integer DEFAULT 0 NOT NULL,
  submitted_at timestamp with time zone,
  accepted_at timestamp with time zone,
  return_reason text,
  overdue_at timestamp with time zone,
  escalated_to uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT problem_tasks_check CHECK (((team_id IS NULL) <> (org_unit_id IS NULL))),
  CONSTRAINT problem_tasks_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT problem_tasks_progress_check CHECK (((progress >= 0) AND (progress <= 100))),
  CONSTRAINT problem_tasks_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'submitted'::text, 'accepted'::text, 'returned'::text]))),
  CONSTRAINT problem_tasks_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT problem_tasks_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT problem_tasks_tenant_id_problem_id_fkey FOREIGN KEY (tenant_id, problem_id) REFERENCES problems(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT problem_tasks_tenant_id_problem_id_seq_key UNIQUE (tenant_id, problem_id, seq),
  CONSTRAINT problem_tasks_tenant_id_team_id_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES teams(tenant_id, id),
  CONSTRAINT problem_tasks_title_check CHECK (((length(title) >= 1) AND (length(title) <= 300)))
);
CREATE INDEX problem_tasks_due_idx ON problem_tasks USING btree (due_at) WHERE ((overdue_at IS NULL) AND (status <> ALL (ARRAY['submitted'::text, 'accepted'::text])));
CREATE INDEX problem_tasks_problem_idx ON problem_tasks USING btree (tenant_id, problem_id, seq);
CREATE INDEX problem_tasks_team_idx ON problem_tasks USING btree (tenant_id, team_id) WHERE (team_id IS NOT NULL);
CREATE INDEX problem_tasks_unit_idx ON problem_tasks USING btree (tenant_id, org_unit_id) WHERE (org_unit_id IS NOT NULL);

CREATE TABLE problems (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  number integer NOT NULL,
  title text NOT NULL,
  description text,
  status text DEFAULT 'open'::text NOT NULL,
  org_unit_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  root_cause_id uuid,
  source text DEFAULT 'manual'::text NOT NULL,
  source_topic text,
  source_metric jsonb,
  ticket_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  action_id uuid,
  closed_at timestamp with time zone,
  close_reason text,
  close_note text,
  close_effect jsonb,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  source_audit jsonb,
  CONSTRAINT problems_close_reason_check CHECK ((close_reason = ANY (ARRAY['tasks'::text, 'action'::text]))),
  CONSTRAINT problems_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT problems_source_check CHECK ((source = ANY (ARRAY['manual'::text, 'tickets'::text, 'topic'::text, 'metric'::text, 'audit'::text]))),
  CONSTRAINT problems_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text]))),
  CONSTRAINT problems_tenant_id_action_id_fkey FOREIGN KEY (tenant_id, action_id) REFERENCES improvement_actions(tenant_id, id) ON DELETE SET NULL (action_id),
  CONSTRAINT problems_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT problems_tenant_id_number_key UNIQUE (tenant_id, number),
  CONSTRAINT problems_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT problems_tenant_id_owner_id_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id),
  CONSTRAINT problems_tenant_id_root_cause_id_fkey FOREIGN KEY (tenant_id, root_cause_id) REFERENCES root_causes(tenant_id, id),
  CONSTRAINT problems_title_check CHECK (((length(title) >= 1) AND (length(title) <= 300)))
);
CREATE INDEX problems_list_idx ON problems USING btree (tenant_id, status, created_at DESC);
CREATE UNIQUE INDEX problems_open_audit_item_idx ON problems USING btree (tenant_id, ((source_audit ->> 'checklistId'::text)), ((source_audit ->> 'code'::text))) WHERE ((status = 'open'::text) AND (source = 'audit'::text));

CREATE TABLE product_event_links (
  tenant_id uuid NOT NULL,
  event_id uuid NOT NULL,
  product_id uuid NOT NULL,
  kind text NOT NULL,
  customer_id uuid,
  org_unit_id uuid,
  occurred_at timestamp with time zone NOT NULL,
  CONSTRAINT product_event_links_kind_check CHECK ((kind = ANY (ARRAY['order'::text, 'return'::text]))),
  CONSTRAINT product_event_links_pkey PRIMARY KEY (tenant_id, event_id, product_id),
  CONSTRAINT product_event_links_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_event_links_customer_idx ON product_event_links USING btree (tenant_id, customer_id) WHERE (customer_id IS NOT NULL);
CREATE INDEX product_event_links_product_idx ON product_event_links USING btree (tenant_id, product_id, kind, occurred_at);

CREATE TABLE product_holdings (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  product_id uuid NOT NULL,
  since timestamp with time zone NOT NULL,
  last_at timestamp with time zone NOT NULL,
  count integer DEFAULT 1 NOT NULL,
  source text NOT NULL,
  CONSTRAINT product_holdings_count_check CHECK ((count >= 0)),
  CONSTRAINT product_holdings_pkey PRIMARY KEY (tenant_id, customer_id, product_id),
  CONSTRAINT product_holdings_source_check CHECK ((source = ANY (ARRAY['event'::text, 'import'::text]))),
  CONSTRAINT product_holdings_tenant_id_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT product_holdings_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_holdings_product_idx ON product_holdings USING btree (tenant_id, product_id);

CREATE TABLE product_link_backfills (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  status text NOT NULL,
  reasons text[] NOT NULL,
  product_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  event_types text[] DEFAULT '{}'::text[] NOT NULL,
  cursor jsonb DEFAULT '{}'::jsonb NOT NULL,
  scanned bigint DEFAULT 0 NOT NULL,
  linked jsonb DEFAULT '{}'::jsonb NOT NULL,
  requested_by uuid,
  requested_at timestamp with time zone NOT NULL,
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  CONSTRAINT product_link_backfills_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT product_link_backfills_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text]))),
  CONSTRAINT product_link_backfills_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX product_link_backfills_open_idx ON product_link_backfills USING btree (tenant_id, status) WHERE (status = ANY (ARRAY['queued'::text, 'running'::text]));
CREATE INDEX product_link_backfills_recent_idx ON product_link_backfills USING btree (tenant_id, requested_at DESC);

CREATE TABLE product_review_runs (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  month date NOT NULL,
  triggered boolean NOT NULL,
  detail jsonb DEFAULT '{}'::jsonb NOT NULL,
  ran_at timestamp with time zone NOT NULL,
  CONSTRAINT product_review_runs_pkey PRIMARY KEY (tenant_id, product_id, month),
  CONSTRAINT product_review_runs_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE product_settings (
  tenant_id uuid NOT NULL,
  order_event_types text[] DEFAULT '{order.completed}'::text[] NOT NULL,
  return_event_types text[] DEFAULT '{order.returned}'::text[] NOT NULL,
  review_rules jsonb DEFAULT '[{"below": "target", "metric": "nps", "months": 2}]'::jsonb NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT product_settings_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT product_settings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE product_stage_changes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  product_id uuid NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  changed_by uuid,
  note text,
  rule jsonb,
  changed_at timestamp with time zone NOT NULL,
  seq bigint DEFAULT nextval('product_stage_changes_seq_seq'::regclass) NOT NULL,
  CONSTRAINT product_stage_changes_note_check CHECK ((length(note) <= 1000)),
  CONSTRAINT product_stage_changes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT product_stage_changes_tenant_id_product_id_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_stage_changes_product_idx ON product_stage_changes USING btree (tenant_id, product_id, changed_at);

CREATE TABLE products (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  category text,
  stage text DEFAULT 'concept'::text NOT NULL,
  owner_id uuid,
  launched_at timestamp with time zone,
  retired_at timestamp with time zone,
  targets jsonb DEFAULT '{}'::jsonb NOT NULL,
  review_rules jsonb,
  attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT products_category_check CHECK (((length(category) >= 1) AND (length(category) <= 60))),
  CONSTRAINT products_code_check CHECK ((code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'::text)),
  CONSTRAINT products_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT products_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 120))),
  CONSTRAINT products_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT products_stage_check CHECK ((stage = ANY (ARRAY['concept'::text, 'test'::text, 'launched'::text, 'review'::text, 'retired'::text]))),
  CONSTRAINT products_tenant_id_code_key UNIQUE (tenant_id, code),
  CONSTRAINT products_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT products_tenant_id_owner_id_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX products_stage_idx ON products USING btree (tenant_id, stage);

CREATE TABLE push_subscriptions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  user_agent text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_sent_at timestamp with time zone,
  CONSTRAINT push_subscriptions_endpoint_check CHECK (((length(endpoint) >= 1) AND (length(endpoint) <= 2048))),
  CONSTRAINT push_subscriptions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT push_subscriptions_tenant_id_endpoint_key UNIQUE (tenant_id, endpoint),
  CONSTRAINT push_subscriptions_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions USING btree (tenant_id, user_id);

CREATE TABLE rate_limit_counters (
  bucket text NOT NULL,
  window_start timestamp with time zone NOT NULL,
  hits integer NOT NULL,
  CONSTRAINT rate_limit_counters_pkey PRIMARY KEY (bucket)
);

CREATE TABLE reach_programme_waves (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  programme_id uuid NOT NULL,
  wave_key text NOT NULL,
  scheduled_for timestamp with time zone NOT NULL,
  manual boolean DEFAULT false NOT NULL,
  cursor uuid,
  audience integer DEFAULT 0 NOT NULL,
  sampled_out integer DEFAULT 0 NOT NULL,
  finished_at timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT reach_programme_waves_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT reach_programme_waves_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT reach_programme_waves_tenant_id_programme_id_fkey FOREIGN KEY (tenant_id, programme_id) REFERENCES reach_programmes(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT reach_programme_waves_tenant_id_programme_id_wave_key_key UNIQUE (tenant_id, programme_id, wave_key),
  CONSTRAINT reach_programme_waves_wave_key_check CHECK (((length(wave_key) >= 1) AND (length(wave_key) <= 60)))
);
CREATE INDEX reach_programme_waves_list_idx ON reach_programme_waves USING btree (tenant_id, programme_id, created_at DESC);

CREATE TABLE reach_programmes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  segment_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  every integer NOT NULL,
  unit text NOT NULL,
  starts_at timestamp with time zone NOT NULL,
  ends_at timestamp with time zone,
  sample_percent real DEFAULT 100 NOT NULL,
  cooldown_days integer DEFAULT 0 NOT NULL,
  expires_in_hours integer,
  reminder_after_days integer,
  enabled boolean DEFAULT true NOT NULL,
  next_run_at timestamp with time zone,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT reach_programmes_cooldown_days_check CHECK (((cooldown_days >= 0) AND (cooldown_days <= 3650))),
  CONSTRAINT reach_programmes_every_check CHECK (((every >= 1) AND (every <= 366))),
  CONSTRAINT reach_programmes_expires_in_hours_check CHECK (((expires_in_hours >= 1) AND (expires_in_hours <= 8760))),
  CONSTRAINT reach_programmes_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT reach_programmes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT reach_programmes_reminder_after_days_check CHECK (((reminder_after_days >= 1) AND (reminder_after_days <= 60))),
  CONSTRAINT reach_programmes_sample_percent_check CHECK (((sample_percent > (0)::double precision) AND (sample_percent <= (100)::double precision))),
  CONSTRAINT reach_programmes_tenant_id_channel_id_fkey FOREIGN KEY (tenant_id, channel_id) REFERENCES channels(tenant_id, id),
  CONSTRAINT reach_programmes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT reach_programmes_tenant_id_segment_id_fkey FOREIGN KEY (tenant_id, segment_id) REFERENCES customer_segments(tenant_id, id),
  CONSTRAINT reach_programmes_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT reach_programmes_unit_check CHECK ((unit = ANY (ARRAY['day'::text, 'week'::text, 'month'::text, 'quarter'::text])))
);
CREATE INDEX reach_programmes_due_idx ON reach_programmes USING btree (next_run_at) WHERE enabled;

CREATE TABLE reach_triggers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  event_type text NOT NULL,
  condition text,
  survey_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  delay_minutes integer DEFAULT 0 NOT NULL,
  sample_percent real DEFAULT 100 NOT NULL,
  expires_in_hours integer,
  context jsonb DEFAULT '{}'::jsonb NOT NULL,
  recipient jsonb DEFAULT '{}'::jsonb NOT NULL,
  policy jsonb,
  reminder_after_days integer,
  enabled boolean DEFAULT true NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT reach_triggers_condition_check CHECK ((length(condition) <= 2000)),
  CONSTRAINT reach_triggers_delay_minutes_check CHECK (((delay_minutes >= 0) AND (delay_minutes <= 43200))),
  CONSTRAINT reach_triggers_event_type_check CHECK (((length(event_type) >= 1) AND (length(event_type) <= 100))),
  CONSTRAINT reach_triggers_expires_in_hours_check CHECK (((expires_in_hours >= 1) AND (expires_in_hours <= 8760))),
  CONSTRAINT reach_triggers_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT reach_triggers_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT reach_triggers_reminder_after_days_check CHECK (((reminder_after_days >= 1) AND (reminder_after_days <= 60))),
  CONSTRAINT reach_triggers_sample_percent_check CHECK (((sample_percent > (0)::double precision) AND (sample_percent <= (100)::double precision))),
  CONSTRAINT reach_triggers_tenant_id_channel_id_fkey FOREIGN KEY (tenant_id, channel_id) REFERENCES channels(tenant_id, id),
  CONSTRAINT reach_triggers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT reach_triggers_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reach_triggers_type_idx ON reach_triggers USING btree (tenant_id, event_type) WHERE enabled;

CREATE TABLE report_deliveries (
  tenant_id uuid NOT NULL,
  run_id uuid NOT NULL,
  recipient text NOT NULL,
  locale text NOT NULL,
  sent_at timestamp with time zone,
  error text,
  CONSTRAINT report_deliveries_locale_check CHECK ((locale = ANY (ARRAY['zh-CN'::text, 'en'::text]))),
  CONSTRAINT report_deliveries_pkey PRIMARY KEY (tenant_id, run_id, recipient),
  CONSTRAINT report_deliveries_tenant_id_run_id_fkey FOREIGN KEY (tenant_id, run_id) REFERENCES report_runs(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE report_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  period text NOT NULL,
  status text DEFAULT 'rendering'::text NOT NULL,
  files jsonb DEFAULT '{}'::jsonb NOT NULL,
  mail jsonb DEFAULT '{}'::jsonb NOT NULL,
  recipients integer DEFAULT 0 NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  error text,
  lease_owner text,
  lease_until timestamp with time zone,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT report_runs_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT report_runs_status_check CHECK ((status = ANY (ARRAY['rendering'::text, 'sent'::text, 'failed'::text]))),
  CONSTRAINT report_runs_tenant_id_schedule_id_fkey FOREIGN KEY (tenant_id, schedule_id) REFERENCES report_schedules(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT report_runs_tenant_id_schedule_id_period_key UNIQUE (tenant_id, schedule_id, period)
);

CREATE TABLE report_schedules (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text DEFAULT ''::text NOT NULL,
  org_unit_id uuid NOT NULL,
  every text NOT NULL,
  recipient_user_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  recipient_emails text[] DEFAULT '{}'::text[] NOT NULL,
  locale text DEFAULT 'zh-CN'::text NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT report_schedules_every_check CHECK ((every = ANY (ARRAY['week'::text, 'month'::text, 'quarter'::text]))),
  CONSTRAINT report_schedules_locale_check CHECK ((locale = ANY (ARRAY['zh-CN'::text, 'en'::text]))),
  CONSTRAINT report_schedules_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT report_schedules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT report_schedules_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX report_schedules_unit_idx ON report_schedules USING btree (tenant_id, org_unit_id);

CREATE TABLE response_import_chunks (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  CONSTRAINT response_import_chunks_pkey PRIMARY KEY (tenant_id, import_id, seq),
  CONSTRAINT response_import_chunks_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES response_imports(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE response_import_rejects (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  col integer NOT NULL,
  column_name text,
  reason text NOT NULL,
  code text,
  params jsonb,
  CONSTRAINT response_import_rejects_pkey PRIMARY KEY (tenant_id, import_id, row_number, col),
  CONSTRAINT response_import_rejects_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES response_imports(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE response_imports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  created_by uuid,
  file_name text NOT NULL,
  format text DEFAULT 'csv'::text NOT NULL,
  encoding text,
  size_bytes bigint DEFAULT 0 NOT NULL,
  chunk_count integer DEFAULT 0 NOT NULL,
  chunks_read integer DEFAULT 0 NOT NULL,
  sha256 text,
  headers jsonb DEFAULT '[]'::jsonb NOT NULL,
  key_row boolean DEFAULT false NOT NULL,
  sample jsonb DEFAULT '[]'::jsonb NOT NULL,
  mapping jsonb,
  status text DEFAULT 'uploading'::text NOT NULL,
  total_rows integer,
  processed_rows integer DEFAULT 0 NOT NULL,
  imported_rows integer DEFAULT 0 NOT NULL,
  duplicate_rows integer DEFAULT 0 NOT NULL,
  rejected_rows integer DEFAULT 0 NOT NULL,
  error text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  CONSTRAINT response_imports_encoding_check CHECK ((encoding = ANY (ARRAY['utf-8'::text, 'utf-8-bom'::text, 'gb18030'::text]))),
  CONSTRAINT response_imports_file_name_check CHECK (((length(file_name) >= 1) AND (length(file_name) <= 300))),
  CONSTRAINT response_imports_format_check CHECK ((format = ANY (ARRAY['csv'::text, 'xlsx'::text]))),
  CONSTRAINT response_imports_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT response_imports_status_check CHECK ((status = ANY (ARRAY['uploading'::text, 'uploaded'::text, 'queued'::text, 'running'::text, 'done'::text, 'failed'::text]))),
  CONSTRAINT response_imports_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT response_imports_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT response_imports_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX response_imports_survey ON response_imports USING btree (tenant_id, survey_id, created_at DESC);

CREATE TABLE responses (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  survey_version_id uuid NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_id uuid,
  customer_ref text,
  channel text DEFAULT 'link'::text NOT NULL,
  invitation_id uuid,
  locale text,
  answers jsonb NOT NULL,
  scores jsonb DEFAULT '{}'::jsonb NOT NULL,
  context jsonb,
  idempotency_key text NOT NULL,
  body_hash text NOT NULL,
  submitted_at timestamp with time zone NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  export_xid xid8 DEFAULT pg_current_xact_id(),
  CONSTRAINT responses_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT responses_tenant_id_idempotency_key_key UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX responses_customer_idx ON responses USING btree (tenant_id, customer_id, submitted_at) WHERE (customer_id IS NOT NULL);
CREATE INDEX responses_export_xid_idx ON responses USING btree (tenant_id, export_xid, id);
CREATE INDEX responses_product_idx ON responses USING btree (tenant_id, ((context ->> 'productCode'::text)), submitted_at) WHERE (context ? 'productCode'::text);
CREATE INDEX responses_survey_time_idx ON responses USING btree (tenant_id, survey_id, submitted_at);
CREATE INDEX responses_time_idx ON responses USING btree (tenant_id, submitted_at);
CREATE INDEX responses_unit_time_idx ON responses USING btree (tenant_id, org_unit_id, submitted_at);

CREATE TABLE root_causes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  parent_id uuid,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  status text DEFAULT 'active'::text NOT NULL,
  CONSTRAINT root_causes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT root_causes_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
  CONSTRAINT root_causes_tenant_id_code_key UNIQUE (tenant_id, code),
  CONSTRAINT root_causes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE saved_dashboards (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  owner_id uuid NOT NULL,
  name text NOT NULL,
  description text,
  config jsonb NOT NULL,
  shared boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT saved_dashboards_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT saved_dashboards_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT saved_dashboards_tenant_id_owner_id_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_dashboards_owner_idx ON saved_dashboards USING btree (tenant_id, owner_id);
CREATE INDEX saved_dashboards_shared_idx ON saved_dashboards USING btree (tenant_id) WHERE shared;

CREATE TABLE scheduled_ticks (
  name text NOT NULL,
  tick bigint NOT NULL,
  ran_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT scheduled_ticks_pkey PRIMARY KEY (name)
);

CREATE TABLE schema_functions (
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT schema_functions_pkey PRIMARY KEY (name)
);

CREATE TABLE schema_migrations (
  name text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (name)
);

CREATE TABLE score_rollups (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  day date NOT NULL,
  n integer DEFAULT 0 NOT NULL,
  sum double precision DEFAULT 0 NOT NULL,
  sumsq double precision DEFAULT 0 NOT NULL,
  h0 integer DEFAULT 0 NOT NULL,
  h1 integer DEFAULT 0 NOT NULL,
  h2 integer DEFAULT 0 NOT NULL,
  h3 integer DEFAULT 0 NOT NULL,
  h4 integer DEFAULT 0 NOT NULL,
  h5 integer DEFAULT 0 NOT NULL,
  h6 integer DEFAULT 0 NOT NULL,
  h7 integer DEFAULT 0 NOT NULL,
  h8 integer DEFAULT 0 NOT NULL,
  h9 integer DEFAULT 0 NOT NULL,
  h10 integer DEFAULT 0 NOT NULL,
  CONSTRAINT score_rollups_pkey PRIMARY KEY (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day)
) WITH (fillfactor=70);
CREATE INDEX score_rollups_binding_day_idx ON score_rollups USING btree (tenant_id, binding, day);
CREATE INDEX score_rollups_touchpoint_idx ON score_rollups USING btree (tenant_id, binding, touchpoint_id, day);

CREATE TABLE score_rollups_monthly (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  month date NOT NULL,
  n integer DEFAULT 0 NOT NULL,
  sum double precision DEFAULT 0 NOT NULL,
  sumsq double precision DEFAULT 0 NOT NULL,
  h0 integer DEFAULT 0 NOT NULL,
  h1 integer DEFAULT 0 NOT NULL,
  h2 integer DEFAULT 0 NOT NULL,
  h3 integer DEFAULT 0 NOT NULL,
  h4 integer DEFAULT 0 NOT NULL,
  h5 integer DEFAULT 0 NOT NULL,
  h6 integer DEFAULT 0 NOT NULL,
  h7 integer DEFAULT 0 NOT NULL,
  h8 integer DEFAULT 0 NOT NULL,
  h9 integer DEFAULT 0 NOT NULL,
  h10 integer DEFAULT 0 NOT NULL,
  CONSTRAINT score_rollups_monthly_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
  CONSTRAINT score_rollups_monthly_pkey PRIMARY KEY (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month)
) WITH (fillfactor=70);
CREATE INDEX score_rollups_monthly_binding_idx ON score_rollups_monthly USING btree (tenant_id, binding, month);

CREATE TABLE sdk_intercepts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  survey_id uuid NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  key_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  display text NOT NULL,
  selector text,
  conditions jsonb NOT NULL,
  delay_ms integer DEFAULT 0 NOT NULL,
  sample_percent integer DEFAULT 100 NOT NULL,
  once_per_days integer DEFAULT 30 NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sdk_intercepts_check CHECK (((display = 'embedded'::text) = (selector IS NOT NULL))),
  CONSTRAINT sdk_intercepts_delay_ms_check CHECK (((delay_ms >= 0) AND (delay_ms <= 600000))),
  CONSTRAINT sdk_intercepts_display_check CHECK ((display = ANY (ARRAY['modal'::text, 'slide_in'::text, 'embedded'::text]))),
  CONSTRAINT sdk_intercepts_key_ids_check CHECK ((cardinality(key_ids) <= 50)),
  CONSTRAINT sdk_intercepts_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT sdk_intercepts_once_per_days_check CHECK (((once_per_days >= 0) AND (once_per_days <= 365))),
  CONSTRAINT sdk_intercepts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT sdk_intercepts_sample_percent_check CHECK (((sample_percent >= 0) AND (sample_percent <= 100))),
  CONSTRAINT sdk_intercepts_selector_check CHECK (((length(selector) >= 1) AND (length(selector) <= 200))),
  CONSTRAINT sdk_intercepts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT sdk_intercepts_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sdk_intercepts_list_idx ON sdk_intercepts USING btree (tenant_id, created_at DESC);

CREATE TABLE sdk_keys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  key text NOT NULL,
  allowed_origins text[] NOT NULL,
  allowed_event_types text[] NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  revoked_at timestamp with time zone,
  last_used_at timestamp with time zone,
  feedback_widget jsonb,
  CONSTRAINT sdk_keys_allowed_event_types_check CHECK (((cardinality(allowed_event_types) >= 1) AND (cardinality(allowed_event_types) <= 100))),
  CONSTRAINT sdk_keys_allowed_origins_check CHECK (((cardinality(allowed_origins) >= 1) AND (cardinality(allowed_origins) <= 50))),
  CONSTRAINT sdk_keys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT sdk_keys_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT sdk_keys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT sdk_keys_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT sdk_keys_tenant_id_touchpoint_id_fkey FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id) ON DELETE SET NULL (touchpoint_id)
);
CREATE UNIQUE INDEX sdk_keys_key_idx ON sdk_keys USING btree (key);
CREATE INDEX sdk_keys_list_idx ON sdk_keys USING btree (tenant_id, created_at DESC);

CREATE TABLE sessions (
  id text NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  CONSTRAINT sessions_pkey PRIMARY KEY (id),
  CONSTRAINT sessions_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE sla_policies (
  tenant_id uuid NOT NULL,
  priority text NOT NULL,
  first_response_minutes integer NOT NULL,
  resolution_minutes integer NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sla_policies_first_response_minutes_check CHECK ((first_response_minutes > 0)),
  CONSTRAINT sla_policies_pkey PRIMARY KEY (tenant_id, priority),
  CONSTRAINT sla_policies_priority_check CHECK ((priority = ANY (ARRAY['low'::text, 'normal'::text, 'high'::text, 'urgent'::text]))),
  CONSTRAINT sla_policies_resolution_minutes_check CHECK ((resolution_minutes > 0)),
  CONSTRAINT sla_policies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE sso_configs (
  tenant_id uuid NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  provider_name text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret_enc text NOT NULL,
  scopes text DEFAULT 'openid email profile'::text NOT NULL,
  role_claim text,
  role_rules jsonb DEFAULT '[]'::jsonb NOT NULL,
  default_role text DEFAULT 'viewer'::text NOT NULL,
  unit_claim text,
  unit_rules jsonb DEFAULT '[]'::jsonb NOT NULL,
  default_org_unit_id uuid,
  jit boolean DEFAULT true NOT NULL,
  sso_only boolean DEFAULT false NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT sso_configs_default_role_check CHECK ((default_role = ANY (ARRAY['admin'::text, 'analyst'::text, 'manager'::text, 'agent'::text, 'viewer'::text]))),
  CONSTRAINT sso_configs_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT sso_configs_tenant_id_default_org_unit_id_fkey FOREIGN KEY (tenant_id, default_org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT sso_configs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE sso_logins (
  state_hash text NOT NULL,
  tenant_id uuid NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text DEFAULT '/'::text NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  CONSTRAINT sso_logins_pkey PRIMARY KEY (state_hash),
  CONSTRAINT sso_logins_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX sso_logins_expires_idx ON sso_logins USING btree (expires_at);

CREATE TABLE stored_file_chunks (
  tenant_id uuid NOT NULL,
  file_id text NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  CONSTRAINT stored_file_chunks_pkey PRIMARY KEY (tenant_id, file_id, seq),
  CONSTRAINT stored_file_chunks_tenant_id_file_id_fkey FOREIGN KEY (tenant_id, file_id) REFERENCES stored_files(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE stored_files (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store text NOT NULL,
  location text,
  size bigint DEFAULT 0 NOT NULL,
  complete boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT stored_files_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT stored_files_store_check CHECK ((store = ANY (ARRAY['db'::text, 'dir'::text, 's3'::text]))),
  CONSTRAINT stored_files_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE survey_contact_policies (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  policy jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT survey_contact_policies_pkey PRIMARY KEY (tenant_id, survey_id),
  CONSTRAINT survey_contact_policies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT survey_contact_policies_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE survey_openid_claims (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  openid text NOT NULL,
  idempotency_key text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT survey_openid_claims_openid_check CHECK (((length(openid) >= 6) AND (length(openid) <= 64))),
  CONSTRAINT survey_openid_claims_pkey PRIMARY KEY (tenant_id, survey_id, openid),
  CONSTRAINT survey_openid_claims_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE survey_versions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  bindings jsonb NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT survey_versions_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT survey_versions_tenant_id_survey_id_fkey FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT survey_versions_tenant_id_survey_id_version_key UNIQUE (tenant_id, survey_id, version)
);
CREATE TRIGGER survey_versions_kept BEFORE DELETE OR UPDATE OF tenant_id, id ON survey_versions FOR EACH ROW EXECUTE FUNCTION loopcx_survey_version_kept();
CREATE TRIGGER survey_versions_not_truncated BEFORE TRUNCATE ON survey_versions FOR EACH STATEMENT EXECUTE FUNCTION loopcx_survey_version_kept();

CREATE TABLE surveys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  description text,
  status text DEFAULT 'draft'::text NOT NULL,
  touchpoint_id uuid,
  definition jsonb NOT NULL,
  bindings jsonb DEFAULT '{}'::jsonb NOT NULL,
  current_version_id uuid,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  one_response_per_openid boolean DEFAULT false NOT NULL,
  CONSTRAINT surveys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 300))),
  CONSTRAINT surveys_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT surveys_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'live'::text, 'paused'::text, 'closed'::text, 'archived'::text]))),
  CONSTRAINT surveys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT surveys_tenant_id_touchpoint_id_fkey FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id)
);

CREATE TABLE team_members (
  tenant_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  CONSTRAINT team_members_pkey PRIMARY KEY (tenant_id, team_id, user_id),
  CONSTRAINT team_members_tenant_id_team_id_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES teams(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT team_members_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE teams (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  name_en text,
  description text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT teams_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT teams_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT teams_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT teams_tenant_id_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE tenants (
  id uuid NOT NULL,
  slug text NOT NULL,
  name text NOT NULL,
  default_locale text DEFAULT 'zh-CN'::text NOT NULL,
  timezone text DEFAULT 'Asia/Shanghai'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  frame_ancestors text[] DEFAULT '{}'::text[] NOT NULL,
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  CONSTRAINT tenants_slug_check CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'::text)),
  CONSTRAINT tenants_slug_key UNIQUE (slug)
);

CREATE TABLE text_analyses (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  source_kind text NOT NULL,
  source_id uuid NOT NULL,
  question text,
  survey_id uuid,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_ref text,
  occurred_at timestamp with time zone NOT NULL,
  text text NOT NULL,
  language text NOT NULL,
  sentiment text NOT NULL,
  score double precision NOT NULL,
  topics jsonb DEFAULT '[]'::jsonb NOT NULL,
  keywords text[] DEFAULT '{}'::text[] NOT NULL,
  matches jsonb DEFAULT '[]'::jsonb NOT NULL,
  corrected boolean DEFAULT false NOT NULL,
  model_version text NOT NULL,
  taxonomy_version integer DEFAULT 0 NOT NULL,
  analysed_at timestamp with time zone NOT NULL,
  triage text,
  triage_confidence real,
  triage_corrected boolean DEFAULT false NOT NULL,
  cluster_id uuid,
  clustered boolean DEFAULT true NOT NULL,
  CONSTRAINT text_analyses_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_analyses_sentiment_check CHECK ((sentiment = ANY (ARRAY['negative'::text, 'neutral'::text, 'positive'::text]))),
  CONSTRAINT text_analyses_source_kind_check CHECK ((source_kind = ANY (ARRAY['response'::text, 'feedback'::text]))),
  CONSTRAINT text_analyses_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT text_analyses_triage_check CHECK ((triage = ANY (ARRAY['complaint'::text, 'suggestion'::text, 'praise'::text, 'question'::text, 'noise'::text])))
);
CREATE INDEX text_analyses_cluster_idx ON text_analyses USING btree (tenant_id, cluster_id, occurred_at) WHERE (cluster_id IS NOT NULL);
CREATE UNIQUE INDEX text_analyses_source_idx ON text_analyses USING btree (tenant_id, source_kind, source_id, COALESCE(question, ''::text));
CREATE INDEX text_analyses_time_idx ON text_analyses USING btree (tenant_id, occurred_at);
CREATE INDEX text_analyses_triage_time_idx ON text_analyses USING btree (tenant_id, triage, occurred_at);
CREATE INDEX text_analyses_unclustered_idx ON text_analyses USING btree (tenant_id, occurred_at) WHERE (NOT clustered);
CREATE INDEX text_analyses_unit_time_idx ON text_analyses USING btree (tenant_id, org_unit_id, occurred_at);

CREATE TABLE text_cluster_bands (
  tenant_id uuid NOT NULL,
  band text NOT NULL,
  cluster_id uuid NOT NULL,
  CONSTRAINT text_cluster_bands_pkey PRIMARY KEY (tenant_id, band, cluster_id),
  CONSTRAINT text_cluster_bands_tenant_id_cluster_id_fkey FOREIGN KEY (tenant_id, cluster_id) REFERENCES text_clusters(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE text_clusters (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  representative text NOT NULL,
  bands text[] NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT text_clusters_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_clusters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE text_corrections (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  analysis_id uuid NOT NULL,
  user_id uuid,
  at timestamp with time zone NOT NULL,
  text text NOT NULL,
  before jsonb NOT NULL,
  after jsonb NOT NULL,
  CONSTRAINT text_corrections_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_corrections_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX text_corrections_analysis_idx ON text_corrections USING btree (tenant_id, analysis_id, at);

CREATE TABLE text_discoveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL,
  term text NOT NULL,
  terms text[] NOT NULL,
  evidence jsonb NOT NULL,
  score double precision DEFAULT 0 NOT NULL,
  status text DEFAULT 'proposed'::text NOT NULL,
  topic_id uuid,
  run_at timestamp with time zone NOT NULL,
  decided_by uuid,
  decided_at timestamp with time zone,
  CONSTRAINT text_discoveries_kind_check CHECK ((kind = ANY (ARRAY['pair'::text, 'uncovered'::text, 'rising'::text]))),
  CONSTRAINT text_discoveries_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_discoveries_status_check CHECK ((status = ANY (ARRAY['proposed'::text, 'accepted'::text, 'dismissed'::text]))),
  CONSTRAINT text_discoveries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT text_discoveries_tenant_id_kind_term_key UNIQUE (tenant_id, kind, term),
  CONSTRAINT text_discoveries_term_check CHECK (((length(term) >= 1) AND (length(term) <= 100)))
);

CREATE TABLE text_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL,
  status text DEFAULT 'running'::text NOT NULL,
  taxonomy_version integer,
  total integer DEFAULT 0 NOT NULL,
  done integer DEFAULT 0 NOT NULL,
  result jsonb,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  CONSTRAINT text_runs_kind_check CHECK ((kind = ANY (ARRAY['reanalysis'::text, 'discovery'::text]))),
  CONSTRAINT text_runs_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'done'::text, 'failed'::text, 'superseded'::text]))),
  CONSTRAINT text_runs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX text_runs_kind_idx ON text_runs USING btree (tenant_id, kind, started_at);

CREATE TABLE text_taxonomies (
  tenant_id uuid NOT NULL,
  version integer DEFAULT 0 NOT NULL,
  pack text,
  updated_by uuid,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT text_taxonomies_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT text_taxonomies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE text_topic_hits (
  tenant_id uuid NOT NULL,
  analysis_id uuid NOT NULL,
  topic_id uuid NOT NULL,
  sentiment text NOT NULL,
  occurred_at timestamp with time zone NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  source_kind text NOT NULL,
  CONSTRAINT text_topic_hits_pkey PRIMARY KEY (tenant_id, analysis_id, topic_id),
  CONSTRAINT text_topic_hits_sentiment_check CHECK ((sentiment = ANY (ARRAY['negative'::text, 'neutral'::text, 'positive'::text])))
);
CREATE INDEX text_topic_hits_time_idx ON text_topic_hits USING btree (tenant_id, occurred_at);
CREATE INDEX text_topic_hits_topic_time_idx ON text_topic_hits USING btree (tenant_id, topic_id, occurred_at);

CREATE TABLE text_topics (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  parent_id uuid,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  rules jsonb DEFAULT '{}'::jsonb NOT NULL,
  position integer DEFAULT 0 NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT text_topics_code_check CHECK (((length(code) >= 1) AND (length(code) <= 64))),
  CONSTRAINT text_topics_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
  CONSTRAINT text_topics_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT text_topics_tenant_id_code_key UNIQUE (tenant_id, code),
  CONSTRAINT text_topics_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE ticket_counters (
  tenant_id uuid NOT NULL,
  last_number bigint DEFAULT 0 NOT NULL,
  CONSTRAINT ticket_counters_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT ticket_counters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE ticket_events (
  tenant_id uuid NOT NULL,
  id bigint DEFAULT nextval('ticket_events_id_seq'::regclass) NOT NULL,
  ticket_id uuid NOT NULL,
  kind text NOT NULL,
  actor_id uuid,
  from_status text,
  to_status text,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  at timestamp with time zone NOT NULL,
  CONSTRAINT ticket_events_pkey PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events USING btree (tenant_id, ticket_id, id);
CREATE TRIGGER webhook_ticket_events AFTER INSERT ON ticket_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_ticket_events();

CREATE TABLE tickets (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  number bigint NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  title text NOT NULL,
  description text,
  org_unit_id uuid NOT NULL,
  team_id uuid,
  assignee_id uuid,
  response_id uuid,
  feedback_id uuid,
  survey_id uuid,
  customer_ref text,
  rule_id uuid,
  first_response_due_at timestamp with time zone,
  resolution_due_at timestamp with time zone,
  first_responded_at timestamp with time zone,
  resolved_at timestamp with time zone,
  closed_at timestamp with time zone,
  escalation_level integer DEFAULT 0 NOT NULL,
  root_cause_id uuid,
  resolution text,
  followup_outcome text,
  reopen_count integer DEFAULT 0 NOT NULL,
  status_changed_at timestamp with time zone DEFAULT now() NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  scores jsonb,
  contact_phone text,
  contact_phone_sealed text,
  export_xid xid8 DEFAULT pg_current_xact_id(),
  audit_id uuid,
  CONSTRAINT tickets_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT tickets_priority_check CHECK ((priority = ANY (ARRAY['low'::text, 'normal'::text, 'high'::text, 'urgent'::text]))),
  CONSTRAINT tickets_source_check CHECK ((source = ANY (ARRAY['response'::text, 'feedback'::text, 'metric'::text, 'manual'::text, 'audit'::text]))),
  CONSTRAINT tickets_status_check CHECK ((status = ANY (ARRAY['new'::text, 'acknowledged'::text, 'in_progress'::text, 'resolved'::text, 'closed'::text, 'reopened'::text]))),
  CONSTRAINT tickets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT tickets_tenant_id_number_key UNIQUE (tenant_id, number),
  CONSTRAINT tickets_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX tickets_assignee_idx ON tickets USING btree (tenant_id, assignee_id, status);
CREATE INDEX tickets_audit_idx ON tickets USING btree (tenant_id, audit_id) WHERE (audit_id IS NOT NULL);
CREATE INDEX tickets_customer_ref_idx ON tickets USING btree (tenant_id, customer_ref, created_at) WHERE (customer_ref IS NOT NULL);
CREATE INDEX tickets_due_idx ON tickets USING btree (tenant_id, resolution_due_at) WHERE (status <> ALL (ARRAY['resolved'::text, 'closed'::text]));
CREATE INDEX tickets_export_xid_idx ON tickets USING btree (tenant_id, export_xid, id);
CREATE INDEX tickets_feedback_idx ON tickets USING btree (tenant_id, feedback_id) WHERE (feedback_id IS NOT NULL);
CREATE UNIQUE INDEX tickets_open_customer_survey_idx ON tickets USING btree (tenant_id, customer_ref, survey_id) WHERE ((status <> ALL (ARRAY['resolved'::text, 'closed'::text])) AND (customer_ref IS NOT NULL) AND (survey_id IS NOT NULL));
CREATE INDEX tickets_response_idx ON tickets USING btree (tenant_id, response_id);
CREATE INDEX tickets_unit_status_idx ON tickets USING btree (tenant_id, org_unit_id, status);
CREATE TRIGGER tickets_export_xid BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION loopcx_touch_export_xid();

CREATE TABLE touchpoint_links (
  tenant_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  kind text NOT NULL,
  ref text NOT NULL,
  position integer DEFAULT 0 NOT NULL,
  CONSTRAINT touchpoint_links_kind_check CHECK ((kind = ANY (ARRAY['survey'::text, 'metric'::text, 'event_type'::text]))),
  CONSTRAINT touchpoint_links_pkey PRIMARY KEY (tenant_id, touchpoint_id, kind, ref),
  CONSTRAINT touchpoint_links_ref_check CHECK (((length(ref) >= 1) AND (length(ref) <= 120))),
  CONSTRAINT touchpoint_links_tenant_id_touchpoint_id_fkey FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX touchpoint_links_ref_idx ON touchpoint_links USING btree (tenant_id, kind, ref);

CREATE TABLE touchpoints (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  journey_id uuid,
  stage_id uuid,
  position integer DEFAULT 0 NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  channel text NOT NULL,
  owner_team_id uuid,
  raci jsonb DEFAULT '{}'::jsonb NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  description text,
  primary_metric text DEFAULT 'csat'::text NOT NULL,
  target double precision,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT touchpoints_channel_check CHECK ((channel = ANY (ARRAY['physical'::text, 'digital'::text, 'interpersonal'::text]))),
  CONSTRAINT touchpoints_code_check CHECK (((length(code) >= 1) AND (length(code) <= 64))),
  CONSTRAINT touchpoints_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
  CONSTRAINT touchpoints_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT touchpoints_primary_metric_check CHECK ((primary_metric = ANY (ARRAY['csat'::text, 'nps'::text, 'ces'::text]))),
  CONSTRAINT touchpoints_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
  CONSTRAINT touchpoints_target_check CHECK (((target IS NULL) OR ((target >= ('-100'::integer)::double precision) AND (target <= (100)::double precision)))),
  CONSTRAINT touchpoints_tenant_id_code_key UNIQUE (tenant_id, code),
  CONSTRAINT touchpoints_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT touchpoints_tenant_id_journey_id_fkey FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE SET NULL (journey_id),
  CONSTRAINT touchpoints_tenant_id_owner_team_id_fkey FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams(tenant_id, id),
  CONSTRAINT touchpoints_tenant_id_stage_id_fkey FOREIGN KEY (tenant_id, stage_id) REFERENCES journey_stages(tenant_id, id) ON DELETE SET NULL (stage_id)
);
CREATE INDEX touchpoints_journey_idx ON touchpoints USING btree (tenant_id, journey_id, stage_id, "position");

CREATE TABLE training_assignments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  quiz_id uuid NOT NULL,
  user_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  due_at timestamp with time zone,
  audit_id uuid,
  item_code text,
  status text DEFAULT 'open'::text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  best_score double precision,
  first_attempt_at timestamp with time zone,
  passed_at timestamp with time zone,
  assigned_by uuid,
  assigned_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT training_assignments_best_score_check CHECK (((best_score >= (0)::double precision) AND (best_score <= (100)::double precision))),
  CONSTRAINT training_assignments_item_code_check CHECK ((length(item_code) <= 40)),
  CONSTRAINT training_assignments_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT training_assignments_status_check CHECK ((status = ANY (ARRAY['open'::text, 'passed'::text, 'failed'::text]))),
  CONSTRAINT training_assignments_tenant_id_audit_id_fkey FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE SET NULL,
  CONSTRAINT training_assignments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT training_assignments_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CONSTRAINT training_assignments_tenant_id_quiz_id_fkey FOREIGN KEY (tenant_id, quiz_id) REFERENCES training_quizzes(tenant_id, id),
  CONSTRAINT training_assignments_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX training_assignments_audit_idx ON training_assignments USING btree (tenant_id, audit_id) WHERE (audit_id IS NOT NULL);
CREATE INDEX training_assignments_first_idx ON training_assignments USING btree (tenant_id, first_attempt_at) WHERE (first_attempt_at IS NOT NULL);
CREATE INDEX training_assignments_unit_idx ON training_assignments USING btree (tenant_id, org_unit_id, assigned_at);
CREATE INDEX training_assignments_user_idx ON training_assignments USING btree (tenant_id, user_id, assigned_at);

CREATE TABLE training_attempts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  number integer NOT NULL,
  quiz_version integer NOT NULL,
  answers jsonb NOT NULL,
  score double precision NOT NULL,
  passed boolean NOT NULL,
  wrong text[] DEFAULT '{}'::text[] NOT NULL,
  idempotency_key text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT training_attempts_idempotency_key_check CHECK ((length(idempotency_key) <= 80)),
  CONSTRAINT training_attempts_number_check CHECK ((number >= 1)),
  CONSTRAINT training_attempts_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT training_attempts_score_check CHECK (((score >= (0)::double precision) AND (score <= (100)::double precision))),
  CONSTRAINT training_attempts_tenant_id_assignment_id_fkey FOREIGN KEY (tenant_id, assignment_id) REFERENCES training_assignments(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT training_attempts_tenant_id_assignment_id_idempotency_key_key UNIQUE (tenant_id, assignment_id, idempotency_key),
  CONSTRAINT training_attempts_tenant_id_assignment_id_number_key UNIQUE (tenant_id, assignment_id, number)
);

CREATE TABLE training_quiz_versions (
  tenant_id uuid NOT NULL,
  quiz_id uuid NOT NULL,
  version integer NOT NULL,
  questions jsonb NOT NULL,
  pass_mark integer NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT training_quiz_versions_pkey PRIMARY KEY (tenant_id, quiz_id, version),
  CONSTRAINT training_quiz_versions_tenant_id_quiz_id_fkey FOREIGN KEY (tenant_id, quiz_id) REFERENCES training_quizzes(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE training_quizzes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  name_en text,
  description text,
  pass_mark integer NOT NULL,
  max_attempts integer DEFAULT 3 NOT NULL,
  checklist_id uuid,
  item_codes text[] DEFAULT '{}'::text[] NOT NULL,
  version integer DEFAULT 1 NOT NULL,
  archived boolean DEFAULT false NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT training_quizzes_description_check CHECK ((length(description) <= 2000)),
  CONSTRAINT training_quizzes_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 20))),
  CONSTRAINT training_quizzes_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
  CONSTRAINT training_quizzes_name_en_check CHECK (((length(name_en) >= 1) AND (length(name_en) <= 120))),
  CONSTRAINT training_quizzes_pass_mark_check CHECK (((pass_mark >= 1) AND (pass_mark <= 100))),
  CONSTRAINT training_quizzes_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT training_quizzes_tenant_id_checklist_id_fkey FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id),
  CONSTRAINT training_quizzes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX training_quizzes_checklist_idx ON training_quizzes USING btree (tenant_id, checklist_id) WHERE (NOT archived);

CREATE TABLE user_identities (
  tenant_id uuid NOT NULL,
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_login_at timestamp with time zone,
  CONSTRAINT user_identities_pkey PRIMARY KEY (tenant_id, issuer, subject),
  CONSTRAINT user_identities_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  role text NOT NULL,
  org_unit_id uuid NOT NULL,
  locale text DEFAULT 'zh-CN'::text NOT NULL,
  status text DEFAULT 'active'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  last_login_at timestamp with time zone,
  CONSTRAINT users_email_check CHECK ((email = lower(email))),
  CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'analyst'::text, 'manager'::text, 'agent'::text, 'viewer'::text]))),
  CONSTRAINT users_status_check CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text]))),
  CONSTRAINT users_tenant_id_email_key UNIQUE (tenant_id, email),
  CONSTRAINT users_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT users_tenant_id_org_unit_id_fkey FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX users_email_idx ON users USING btree (email);

CREATE TABLE vapid_keys (
  id smallint NOT NULL,
  public_key text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT vapid_keys_id_check CHECK ((id = 1)),
  CONSTRAINT vapid_keys_pkey PRIMARY KEY (id)
);

CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  status text DEFAULT 'pending'::text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  response_status integer,
  latency_ms integer,
  request_body text,
  response_body text,
  error text,
  redelivery_of uuid,
  next_attempt_at timestamp with time zone,
  last_attempt_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  lease_until timestamp with time zone,
  CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'retrying'::text, 'succeeded'::text, 'failed'::text]))),
  CONSTRAINT webhook_deliveries_tenant_id_endpoint_id_fkey FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT webhook_deliveries_tenant_id_event_id_fkey FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries USING btree (tenant_id, event_id);
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries USING btree (tenant_id, endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  url text NOT NULL,
  description text DEFAULT ''::text NOT NULL,
  org_unit_id uuid NOT NULL,
  enabled boolean DEFAULT true NOT NULL,
  created_by uuid,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  events text[] DEFAULT '{}'::text[] NOT NULL,
  survey_id uuid,
  consecutive_failures integer DEFAULT 0 NOT NULL,
  disabled_reason text,
  disabled_at timestamp with time zone,
  CONSTRAINT webhook_endpoints_description_check CHECK ((length(description) <= 500)),
  CONSTRAINT webhook_endpoints_disabled_reason_check CHECK ((disabled_reason = 'failures'::text)),
  CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_endpoints_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT webhook_endpoints_url_check CHECK (((length(url) >= 1) AND (length(url) <= 2000)))
);

CREATE TABLE webhook_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  type text NOT NULL,
  object_id uuid,
  org_unit_id uuid,
  survey_id uuid,
  data jsonb NOT NULL,
  dedupe_key text,
  dispatched_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT webhook_events_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_events_tenant_id_dedupe_key_key UNIQUE (tenant_id, dedupe_key),
  CONSTRAINT webhook_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  CONSTRAINT webhook_events_type_check CHECK (((length(type) >= 1) AND (length(type) <= 100)))
);
CREATE INDEX webhook_events_pending_idx ON webhook_events USING btree (tenant_id, seq) WHERE (dispatched_at IS NULL);
CREATE INDEX webhook_events_time_idx ON webhook_events USING btree (created_at);
CREATE TRIGGER webhook_fanout_job AFTER INSERT ON webhook_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_fanout_job();

CREATE TABLE webhook_secrets (
  tenant_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  id uuid NOT NULL,
  secret text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  expires_at timestamp with time zone,
  CONSTRAINT webhook_secrets_pkey PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_secrets_tenant_id_endpoint_id_fkey FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_secrets_endpoint_idx ON webhook_secrets USING btree (tenant_id, endpoint_id);

CREATE TABLE wechat_access_tokens (
  tenant_id uuid NOT NULL,
  app_id text NOT NULL,
  token_sealed text NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT wechat_access_tokens_pkey PRIMARY KEY (tenant_id, app_id),
  CONSTRAINT wechat_access_tokens_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE wechat_accounts (
  tenant_id uuid NOT NULL,
  app_id text NOT NULL,
  app_secret_sealed text NOT NULL,
  oauth_enabled boolean DEFAULT true NOT NULL,
  authorize_base_url text,
  api_base_url text,
  updated_by uuid,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT wechat_accounts_api_base_url_check CHECK ((length(api_base_url) <= 300)),
  CONSTRAINT wechat_accounts_app_id_check CHECK ((app_id ~ '^wx[0-9A-Za-z]{16}$'::text)),
  CONSTRAINT wechat_accounts_authorize_base_url_check CHECK ((length(authorize_base_url) <= 300)),
  CONSTRAINT wechat_accounts_pkey PRIMARY KEY (tenant_id),
  CONSTRAINT wechat_accounts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE SEQUENCE audit_log_id_seq AS bigint OWNED BY audit_log.id;
CREATE SEQUENCE bus_events_id_seq AS bigint OWNED BY bus_events.id;
CREATE SEQUENCE concept_test_decisions_seq_seq AS bigint OWNED BY concept_test_decisions.seq;
CREATE SEQUENCE jobs_id_seq AS bigint OWNED BY jobs.id;
CREATE SEQUENCE problem_events_id_seq AS bigint OWNED BY problem_events.id;
CREATE SEQUENCE problem_task_evidence_seq_seq AS bigint OWNED BY problem_task_evidence.seq;
CREATE SEQUENCE product_stage_changes_seq_seq AS bigint OWNED BY product_stage_changes.seq;
CREATE SEQUENCE ticket_events_id_seq AS bigint OWNED BY ticket_events.id;
CREATE SEQUENCE webhook_events_seq_seq AS bigint OWNED BY webhook_events.seq;

FUNCTION loopcx_concept_decision_kept() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_iso(ts timestamp with time zone) RETURNS text LANGUAGE sql IMMUTABLE;
FUNCTION loopcx_survey_version_kept() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_touch_export_xid() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_webhook_alerts() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_webhook_fanout_job() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_webhook_feedback() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_webhook_ticket_events() RETURNS trigger LANGUAGE plpgsql VOLATILE;
FUNCTION loopcx_write_responses(p_refs uuid[], p_rows jsonb, p_listeners boolean, OUT n integer, OUT ids uuid[]) RETURNS record LANGUAGE plpgsql VOLATILE;
