import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TSdkFeedbackResponse } from '@loopcx/shared';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { storeFile } from '../../../platform/file-store.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { countUnits } from '../../../platform/rate-limit.ts';
import { inTransaction } from '../../../platform/routing.ts';
import { toStoredIdentity } from '../../customers/identity.ts';
import { insertFeedback } from '../../feedback/commands/create-feedback.ts';
import { sealContact } from '../../feedback/contact.ts';
import { customerErrors, sdkCustomerRef } from '../customer.ts';
import type { PublicKey } from '../queries/key-lookup.ts';
import { feedbackSettingsOf } from '../widget-config.ts';

/** The body bound of POST /sdk/v1/feedback (a 1 MB screenshot is ~1.37 MB of base64) and the screenshot's own. */
export const MAX_FEEDBACK_BODY = 1536 * 1024;
export const MAX_SCREENSHOT_BYTES = 1024 * 1024;
export const MAX_FEEDBACK_TEXT = 2000;

const str = (max: number) => z.string().max(max);
const SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
type ScreenshotType = (typeof SCREENSHOT_TYPES)[number];

/** The body the SDK's 吐槽 form sends (contract part 4). */
export const ZSdkFeedbackBody = z
  .object({
    anonymousId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w-]+$/, 'letters, digits, _ and - only'),
    customer: z
      .object({
        externalId: z.string().trim().min(1).max(200).optional(),
        phone: str(40).optional(),
        email: str(254).optional(),
        name: str(200).optional(),
      })
      .strict()
      .optional(),
    context: z
      .object({
        url: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional(),
        appVersion: str(50).optional(),
        locale: str(35).optional(),
        userAgent: str(500).optional(),
      })
      .strict()
      .optional(),
    text: z.string().trim().min(1).max(MAX_FEEDBACK_TEXT),
    contact: z
      .object({ email: str(254).optional(), phone: str(40).optional() })
      .strict()
      .optional(),
    screenshot: z
      .object({
        type: z.enum(SCREENSHOT_TYPES),
        data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 (A–Z, a–z, 0–9, +, /, = padding)'),
      })
      .strict()
      .optional(),
  })
  .strict();

const fieldName = (path: Array<PropertyKey>) => path.map(String).join('.') || 'body';

/** The magic bytes of each accepted image type: a declared type the bytes do not bear out is refused. */
function bytesAre(type: ScreenshotType, b: Buffer): boolean {
  if (type === 'image/png')
    return b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (type === 'image/jpeg') return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  return b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
}

/** sha256 of a reply token: what is stored and looked up (the token itself is only ever in the SDK's storage). */
export const replyTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Counts one complaint against the key's event budget (like one event) and against the sender's address
 * (LOOPCX_SDK_FEEDBACK_IP_RATE a minute: a form, not a firehose); 429 with the seconds to wait otherwise.
 */
async function spendBudgets(ctx: AppContext, key: PublicKey, ip: string) {
  const refuse = (what: string, ttl: number) => {
    const retryAfter = Math.max(1, Math.ceil(ttl / 1000));
    return new AppError('rate_limited', `${what}; retry in ${retryAfter} s`, { extra: { retryAfter } });
  };
  if (ctx.config.sdkFeedbackIpRate) {
    const b = await countUnits(ctx, `sdk-feedback-ip:${ip}`, 1, ctx.config.sdkFeedbackIpRate, 60_000);
    if (!b.allowed)
      throw refuse(`More than ${ctx.config.sdkFeedbackIpRate} complaints a minute from this address`, b.ttl);
  }
  if (ctx.config.sdkKeyRate) {
    const b = await countUnits(ctx, `sdk:${key.id}`, 1, ctx.config.sdkKeyRate);
    if (!b.allowed) throw refuse(`More than ${ctx.config.sdkKeyRate} events a second with this SDK key`, b.ttl);
  }
}

/**
 * Files one complaint from the 吐槽 widget of a key whose origin the route already checked: 403 when the key's widget
 * is off; then the budgets (429); then the body (422 naming the field; a screenshot over 1 MB is 413, one whose bytes
 * are not the declared PNG/JPEG/WebP 422). The screenshot goes to the file store first (it must not be written inside
 * a transaction); then one transaction stores the item on the key's unit and touchpoint (channel = the key's name,
 * customer resolved like the SDK's events, contact sealed, only the reply token's hash) with its text-analysis job,
 * so the tenant's feedback rules see it once it is analysed.
 */
export async function fileSdkFeedback(
  ctx: AppContext,
  key: PublicKey,
  raw: unknown,
  ip: string,
): Promise<TSdkFeedbackResponse> {
  const settings = await feedbackSettingsOf(ctx.db, key);
  if (!settings.widget) throw new AppError('forbidden', 'The feedback (吐槽) widget is off for this SDK key');
  await spendBudgets(ctx, key, ip);

  const shot = (raw as { screenshot?: { data?: unknown } } | null)?.screenshot?.data;
  if (typeof shot === 'string' && shot.length > Math.ceil(MAX_SCREENSHOT_BYTES / 3) * 4)
    throw new AppError('payload_too_large', 'The screenshot is larger than 1 MB', {
      invalidParams: [{ name: 'screenshot.data', reason: 'larger than 1 MB' }],
    });
  const parsed = ZSdkFeedbackBody.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ name: fieldName(i.path), reason: i.message }));
    throw new AppError('invalid', `${errors[0].name}: ${errors[0].reason}`, { invalidParams: errors.slice(0, 50) });
  }
  const body = parsed.data;
  const errors: InvalidParam[] = customerErrors(ctx, key.tenantId, body.customer);
  const contact: { email?: string; phone?: string } = {};
  for (const kind of ['email', 'phone'] as const) {
    const v = body.contact?.[kind]?.trim();
    if (!v) continue;
    try {
      toStoredIdentity(ctx.config.secret, key.tenantId, kind, v, `contact.${kind}`);
      contact[kind] = v;
    } catch {
      errors.push({ name: `contact.${kind}`, reason: kind === 'phone' ? 'a phone number' : 'an email address' });
    }
  }
  let image: Buffer | undefined;
  if (body.screenshot) {
    if (!settings.widget.screenshot)
      errors.push({ name: 'screenshot', reason: 'screenshots are turned off for this key' });
    else {
      image = Buffer.from(body.screenshot.data, 'base64');
      if (image.length > MAX_SCREENSHOT_BYTES)
        throw new AppError('payload_too_large', 'The screenshot is larger than 1 MB', {
          invalidParams: [{ name: 'screenshot.data', reason: 'larger than 1 MB' }],
        });
      if (!bytesAre(body.screenshot.type, image))
        errors.push({ name: 'screenshot.data', reason: `not a ${body.screenshot.type} image` });
    }
  }
  if (errors.length) throw new AppError('invalid', `${errors[0].name}: ${errors[0].reason}`, { invalidParams: errors });

  const who = await sdkCustomerRef(ctx, key.tenantId, body.customer);
  const itemShot = randomUUID();
  const shotRef =
    image && body.screenshot
      ? await (async () => {
          const local = join(tmpdir(), `loopcx-feedback-shot-${itemShot}`);
          await writeFile(local, image);
          return storeFile(ctx, key.tenantId, `feedback-shot-${itemShot}`, local);
        })()
      : null;
  const replyToken = `fr_${randomBytes(24).toString('base64url')}`;
  try {
    const id = await inTransaction(ctx, async (tx) => {
      const [itemId] = await insertFeedback(tx, key.tenantId, null, [
        {
          source: 'in_app',
          channel: settings.name.slice(0, 100),
          url: body.context?.url,
          author: body.customer?.name?.trim() || undefined,
          text: body.text,
          orgUnitId: key.orgUnitId,
          touchpointId: key.touchpointId ?? undefined,
          customerRef: who.memberRef,
          occurredAt: ctx.clock.now().toISOString(),
        },
      ]);
      const sealed = contact.email || contact.phone ? sealContact(ctx.config.secret, key.tenantId, contact) : null;
      await tx.execute(
        sql`UPDATE feedback_items SET sdk_key_id = ${key.id}, customer_id = ${who.customerId ?? null},
              app_version = ${body.context?.appVersion ?? null}, locale = ${body.context?.locale ?? null},
              user_agent = ${body.context?.userAgent ?? null}, anonymous_id = ${body.anonymousId},
              screenshot_ref = ${shotRef}, screenshot_type = ${shotRef ? body.screenshot!.type : null},
              contact_sealed = ${sealed}, reply_token_hash = ${replyTokenHash(replyToken)}
            WHERE tenant_id = ${key.tenantId} AND id = ${itemId}`,
      );
      return itemId;
    });
    wakeWorkers(ctx);
    ctx.bus.publish({ tenantId: key.tenantId, type: 'feedback.created', data: { id } });
    return { id, replyToken };
  } catch (err) {
    // The item was not stored: its screenshot would never be read.
    if (shotRef)
      await ctx.db.execute(
        sql`DELETE FROM stored_files WHERE tenant_id = ${key.tenantId} AND id = ${`feedback-shot-${itemShot}`}`,
      );
    throw err;
  }
}
