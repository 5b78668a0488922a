import { roleCan, scopeAllows } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import type { AttentionItem } from '../../../platform/module.ts';
import { TASK_FROM, taskWorker } from '../scope.ts';

const TEXT = {
  'zh-CN': {
    overdue: (n: number) => `我的逾期任务 ${n} 项`,
    overdueDetail: (title: string) => `最早逾期：${title}`,
    review: (n: number) => `待我验收的任务 ${n} 项`,
    reviewDetail: (title: string) => `最早提交：${title}`,
  },
  en: {
    overdue: (n: number) => `${n} overdue task${n === 1 ? '' : 's'} of mine`,
    overdueDetail: (title: string) => `Overdue longest: ${title}`,
    review: (n: number) => `${n} task${n === 1 ? '' : 's'} awaiting my acceptance`,
    reviewDetail: (title: string) => `Submitted first: ${title}`,
  },
} as const;

/**
 * The caller's problem-task attention items: `tasks.overdue` (tasks the caller works on, past due and not
 * submitted, on open problems) and `tasks.awaiting_acceptance` (submitted tasks of problems the caller owns).
 * Scoped like "my tasks": team membership, units in the caller's subtree as a manager, problems owned.
 * Matches the home page's `AttentionSource`.
 */
export async function problemAttention(
  db: Executor,
  actor: Actor,
  now: Date,
  locale: 'zh-CN' | 'en',
): Promise<AttentionItem[]> {
  // Like the home page's own sources: the role's ability and an API key's scopes for this domain.
  if (!roleCan(actor.role, 'problems.read') || !scopeAllows(actor.scopes, 'problems', 'read')) return [];
  const at = now.toISOString();
  const text = TEXT[locale] ?? TEXT['zh-CN'];
  const items: AttentionItem[] = [];
  const overdue = await one<{ n: number; title: string | null; due_at: Date | string | null }>(
    db,
    sql`SELECT count(*)::int AS n, (array_agg(k.title ORDER BY k.due_at))[1] AS title, max(k.due_at) AS due_at
        FROM ${TASK_FROM}
        WHERE k.tenant_id = ${actor.tenantId} AND p.status = 'open' AND k.status NOT IN ('submitted', 'accepted')
          AND k.due_at < ${at} AND ${taskWorker(actor)}`,
  );
  if (overdue && overdue.n > 0)
    items.push({
      kind: 'tasks.overdue',
      severity: 'high',
      title: text.overdue(overdue.n),
      link: '/problems/tasks?overdue=1',
      count: overdue.n,
      ...(overdue.due_at ? { at: new Date(overdue.due_at).toISOString() } : {}),
      ...(overdue.title ? { detail: text.overdueDetail(overdue.title) } : {}),
    });
  const review = await one<{ n: number; title: string | null; submitted_at: Date | string | null }>(
    db,
    sql`SELECT count(*)::int AS n, (array_agg(k.title ORDER BY k.submitted_at))[1] AS title, max(k.submitted_at) AS submitted_at
        FROM problem_tasks k JOIN problems p ON p.tenant_id = k.tenant_id AND p.id = k.problem_id
        WHERE k.tenant_id = ${actor.tenantId} AND p.status = 'open' AND p.owner_id = ${actor.id} AND k.status = 'submitted'`,
  );
  if (review && review.n > 0)
    items.push({
      kind: 'tasks.awaiting_acceptance',
      severity: 'medium',
      title: text.review(review.n),
      link: '/problems/tasks?review=1',
      count: review.n,
      ...(review.submitted_at ? { at: new Date(review.submitted_at).toISOString() } : {}),
      ...(review.title ? { detail: text.reviewDetail(review.title) } : {}),
    });
  return items;
}
