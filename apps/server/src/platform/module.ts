import type { Actor } from './auth.ts';
import type { AppContext } from './context.ts';
import type { Executor } from './db.ts';
import type { AnyJobDefinition } from './jobs.ts';
import type { Router } from './routing.ts';
import type { ScheduledTask } from './scheduled-tasks.ts';

/** Route registration for one domain, given the zod-typed router under /api/v1. */
export type RouteModule = (r: Router, ctx: AppContext) => Promise<void>;

/**
 * Something that must happen for committed responses (alert rules, text analysis, customer resolution), run from
 * the `responses.committed` outbox job: a failure retries every listener, so each must be idempotent.
 */
export type ResponseListener = (ctx: AppContext, tenantId: string, responseIds: string[]) => Promise<void>;

/** An event as written, for the listeners of `eventWriteListeners`. */
export interface WrittenEvent {
  tenantId: string;
  id: string;
  type: string;
  customerRef: string | null;
}

/**
 * Something that must be decided in the transaction that stores new events (Reach writes its trigger-evaluation
 * job there, so no event is lost between commit and evaluation). Returns whether it queued a job, so the caller
 * wakes the workers after commit.
 */
export type EventWriteListener = (tx: Executor, events: WrittenEvent[]) => Promise<boolean>;

/** One card of the home page's "what needs my attention" (GET /home), already localized for the caller. */
export interface AttentionItem {
  /** Dotted id, e.g. 'tickets.overdue', 'targets.at_risk', 'tasks.overdue'. */
  kind: string;
  severity: 'high' | 'medium' | 'low';
  /** Localized for the caller's locale. */
  title: string;
  /** Console path where it is handled, e.g. '/tickets?view=overdue'; the target page applies the filter. */
  link: string;
  count?: number;
  /** ISO time of the newest underlying fact. */
  at?: string;
  /** One line of context (localized). */
  detail?: string;
}

/**
 * A source of attention items: reads what needs the caller's attention, scoped to the caller's tenant and
 * subtree (it runs outside a transaction, on `db`, once per home view, so it must be bounded: a few indexed
 * queries, a capped number of items).
 */
export type AttentionSource = (
  db: Executor,
  actor: Actor,
  now: Date,
  locale: 'zh-CN' | 'en',
) => Promise<AttentionItem[]>;

/**
 * What a domain plugs into the spine. Each `domains/<name>/module.ts` exports `module: DomainModule`; the
 * server discovers them at start, so adding a capability never edits a shared list.
 */
export interface DomainModule {
  name: string;
  /** Routes under /api/v1 that need a session or API key (401 otherwise). */
  privateRoutes?: RouteModule;
  /** Routes under /api/v1 that authenticate by other means (survey tokens) or not at all. */
  publicRoutes?: RouteModule;
  /** Routes at the server root (e.g. the respondent page /s/:token). */
  rootRoutes?: RouteModule;
  /** The job kinds this domain handles, from its `jobs.ts` catalogue (see `defineJob` in platform/jobs.ts). */
  jobs?: AnyJobDefinition[];
  /**
   * Response listeners by name, run in module order for every committed response (see responses/listeners.ts).
   * Declared here rather than registered at run time, so a reader follows a response to its effects by imports.
   */
  responseListeners?: Record<string, ResponseListener>;
  /** Listeners run once a committed response's open texts are analysed (text-reading alert rules wait for it). */
  responseTextListeners?: Record<string, ResponseListener>;
  /** Listeners run once new feedback items' texts are analysed (feedback alert rules), given the item ids. */
  feedbackTextListeners?: Record<string, ResponseListener>;
  /** Run in the transaction that stores new events (API ingest, events loopcx emits itself), given those events. */
  eventWriteListeners?: Record<string, EventWriteListener>;
  /** Sources of the home page's attention cards by name (GET /home runs every module's, see `attentionSources`). */
  attention?: Record<string, AttentionSource>;
  /** Periodic tasks run by worker nodes. */
  scheduled?: ScheduledTask[];
  /** Demo tenant steps; run in ascending `order` after the base tenant exists; each must be idempotent. */
  demoSteps?: Array<{
    order: number;
    name: string;
    run: (ctx: AppContext, demo: import('../seed/demo.ts').DemoTenant) => Promise<void>;
  }>;
  /** Called once per process after the database is ready (warm caches, load models). */
  init?: (ctx: AppContext) => Promise<void>;
}
