import type { TSdkFeedbackRepliesResponse } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { countUnits } from '../../../platform/rate-limit.ts';
import { replyTokenHash } from '../commands/file-feedback.ts';
import type { PublicKey } from './key-lookup.ts';

export const MAX_REPLY_TOKENS = 20;
const TOKEN_RE = /^[\w-]{1,200}$/;

type Status = TSdkFeedbackRepliesResponse['items'][number]['status'];

/**
 * Where a complaint stands, from its newest ticket: none yet or `new` is received; acknowledged, in progress or
 * reopened is in progress; resolved or closed is resolved. An item no rule made a ticket for counts as resolved once
 * someone replied to it (the reply is the handling), received until then.
 */
export function complaintStatus(ticket: string | null, replies: number): Status {
  if (ticket === 'resolved' || ticket === 'closed') return 'resolved';
  if (ticket && ticket !== 'new') return 'in_progress';
  if (!ticket && replies > 0) return 'resolved';
  return 'received';
}

/**
 * The state and replies of the complaints whose reply tokens the SDK holds (`tokens=t1,t2`, at most 20). Only the
 * key's tenant is searched, by the tokens' hashes: a forged token, or one filed with another tenant's key, is simply
 * absent. Counted against the key's budget like one event.
 */
export async function sdkFeedbackReplies(
  ctx: AppContext,
  key: PublicKey,
  tokensParam: string | undefined,
): Promise<TSdkFeedbackRepliesResponse> {
  const tokens = [
    ...new Set(
      (tokensParam ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tokens.length === 0)
    throw new AppError('invalid', 'tokens: give the reply tokens, comma-separated', {
      invalidParams: [{ name: 'tokens', reason: 'required' }],
    });
  if (tokens.length > MAX_REPLY_TOKENS)
    throw new AppError('invalid', `tokens: at most ${MAX_REPLY_TOKENS}`, {
      invalidParams: [{ name: 'tokens', reason: `at most ${MAX_REPLY_TOKENS} tokens` }],
    });
  const bad = tokens.findIndex((t) => !TOKEN_RE.test(t));
  if (bad >= 0)
    throw new AppError('invalid', 'tokens: not reply tokens', {
      invalidParams: [{ name: `tokens[${bad}]`, reason: 'a reply token (letters, digits, _ and -, ≤ 200)' }],
    });
  if (ctx.config.sdkKeyRate) {
    const b = await countUnits(ctx, `sdk:${key.id}`, 1, ctx.config.sdkKeyRate);
    if (!b.allowed) {
      const retryAfter = Math.max(1, Math.ceil(b.ttl / 1000));
      throw new AppError('rate_limited', `More than ${ctx.config.sdkKeyRate} events a second with this SDK key`, {
        extra: { retryAfter },
      });
    }
  }
  const byHash = new Map(tokens.map((t) => [replyTokenHash(t), t]));
  const found = await rows<{
    hash: string;
    ticket_status: string | null;
    replies: Array<{ text: string; at: string }>;
  }>(
    ctx.db,
    sql`SELECT f.reply_token_hash AS hash,
          (SELECT t.status FROM tickets t WHERE t.tenant_id = f.tenant_id AND t.feedback_id = f.id
            ORDER BY t.created_at DESC LIMIT 1) AS ticket_status,
          coalesce((SELECT jsonb_agg(jsonb_build_object('text', r.text, 'at', r.created_at) ORDER BY r.created_at, r.id)
            FROM feedback_replies r WHERE r.tenant_id = f.tenant_id AND r.feedback_id = f.id), '[]'::jsonb) AS replies
        FROM feedback_items f
        WHERE f.tenant_id = ${key.tenantId} AND f.reply_token_hash IN (${sql.join(
          [...byHash.keys()].map((h) => sql`${h}`),
          sql`, `,
        )})`,
  );
  return {
    items: found.map((r) => ({
      replyToken: byHash.get(r.hash)!,
      status: complaintStatus(r.ticket_status, r.replies.length),
      replies: r.replies.map((x) => ({ text: x.text, at: new Date(x.at).toISOString() })),
    })),
  };
}
