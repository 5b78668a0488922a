import { channelOffered, NOTIFICATION_KINDS, PREFERENCE_CHANNELS, ROBOT_PROVIDERS } from '@loopcx/shared';
import { z } from 'zod';

/** GET /notifications. */
export const ZInboxQuery = z.object({
  channel: z.enum(['in_app', 'email', 'webhook', 'push', 'robot']).optional(),
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** PUT /notification-preferences: the choices to change (others stay). */
export const ZPreferencesUpdate = z
  .object({
    items: z
      .array(
        z
          .object({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(PREFERENCE_CHANNELS), enabled: z.boolean() })
          .strict()
          .refine((x) => channelOffered(x.kind, x.channel), {
            message: 'this kind does not offer this channel',
            path: ['channel'],
          }),
      )
      .min(1)
      .max(NOTIFICATION_KINDS.length * PREFERENCE_CHANNELS.length),
  })
  .strict();

const b64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/** POST /push/subscriptions: `PushSubscription.toJSON()` of the browser (RFC 8291 keys). */
export const ZPushSubscriptionCreate = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }).max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z
      .object({
        // An uncompressed P-256 public key (65 bytes) and the 16-byte authentication secret.
        p256dh: b64url(65, 'keys.p256dh').refine(
          (v) => Buffer.from(v, 'base64url')[0] === 4,
          'keys.p256dh must be an uncompressed point',
        ),
        auth: b64url(16, 'keys.auth'),
      })
      .strict(),
    userAgent: z.string().max(300).optional(),
  })
  .strict();

/** DELETE /push/subscriptions. */
export const ZPushSubscriptionDelete = z.object({ endpoint: z.string().min(1).max(2048) }).strict();

/** POST /notification-robots. */
export const ZRobotCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    provider: z.enum(ROBOT_PROVIDERS),
    orgUnitId: z.uuid(),
    webhookUrl: z.string().min(1).max(2048),
    /** 钉钉 加签 / 飞书 签名校验 secret; 企业微信 robots have none (the key in the URL is the credential). */
    secret: z.string().min(1).max(200).nullable().optional(),
    kinds: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).default(['alert.response']),
    enabled: z.boolean().default(true),
  })
  .strict();

/** PATCH /notification-robots/:id: a new URL or secret replaces the stored one (neither is ever answered). */
export const ZRobotUpdate = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    webhookUrl: z.string().min(1).max(2048).optional(),
    secret: z.string().min(1).max(200).nullable().optional(),
    kinds: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
