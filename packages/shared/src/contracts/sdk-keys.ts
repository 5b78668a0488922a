import { z } from 'zod';

/** Contracts of the sdk-keys routes (public write keys for the browser SDK, issue 20) and of POST /sdk/v1/events. */

/** An exact web origin: http(s)://host[:port], no path, no wildcard (what a browser sends as `Origin`). */
export const ZSdkOrigin = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    (s) => sdkOriginOf(s) === s.toLowerCase(),
    'an exact origin such as https://shop.example.com (no path, no *)',
  );

/** The canonical form of an origin (`https://a.example`), or null when `s` is not exactly an http(s) origin. */
export function sdkOriginOf(s: string): string | null {
  if (!/^https?:\/\/[^/?#*\s]+$/i.test(s)) return null;
  try {
    const u = new URL(s);
    if (u.username || u.password) return null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/** Text in both console languages (the SDK picks by the page's locale: zh* → zh-CN, else en). */
const ZBilingual = (max: number) =>
  z.object({ 'zh-CN': z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

/**
 * The always-on feedback (吐槽) widget of a key, as the key's settings store it and GET /sdk/v1/config answers it
 * (`feedback`; null = the widget is off for this key).
 */
export const ZSdkWidget = z
  .object({
    position: z.enum(['bottom_right', 'bottom_left', 'right_middle']),
    /** The button's text. */
    label: ZBilingual(20),
    /** The form's heading. */
    title: ZBilingual(100),
    /** The form offers a screenshot upload (≤ 1 MB, PNG/JPEG/WebP). */
    screenshot: z.boolean(),
    /** The form offers email/phone fields, so a reply can reach the complainant. */
    askContact: z.boolean(),
  })
  .strict();
export type TSdkWidget = z.infer<typeof ZSdkWidget>;

/** A public write key as the console lists it; the key string itself is public and always shown. */
export const ZSdkKeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  /** `pk_…`: meant for a web page's HTML, only good for POST /sdk/v1/events. */
  key: z.string(),
  allowedOrigins: z.array(z.string()),
  allowedEventTypes: z.array(z.string()),
  orgUnitId: z.string(),
  touchpointId: z.string().nullable(),
  /** The 吐槽 widget's settings; null = off. */
  feedbackWidget: ZSdkWidget.nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TSdkKeyResponse = z.infer<typeof ZSdkKeyResponse>;

/** GET /sdk-keys. */
export const ZSdkKeyListResponse = z.object({
  items: z.array(ZSdkKeyResponse),
  /** Where pages load the SDK from: `<public URL>/sdk/v1/loopcx.js` (for the install snippet). */
  scriptUrl: z.string(),
});
export type TSdkKeyListResponse = z.infer<typeof ZSdkKeyListResponse>;

/** POST /sdk/v1/events: how many events were stored and how many had been stored before (same event id). */
export const ZSdkIngestResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });
export type TSdkIngestResponse = z.infer<typeof ZSdkIngestResponse>;

/** POST /sdk/v1/feedback: the stored item and the token with which the SDK reads its replies later. */
export const ZSdkFeedbackResponse = z.object({ id: z.string(), replyToken: z.string() });
export type TSdkFeedbackResponse = z.infer<typeof ZSdkFeedbackResponse>;

/** GET /sdk/v1/feedback/replies: per known token, where the complaint stands and what was answered. */
export const ZSdkFeedbackRepliesResponse = z.object({
  items: z.array(
    z.object({
      replyToken: z.string(),
      status: z.enum(['received', 'in_progress', 'resolved']),
      replies: z.array(z.object({ text: z.string(), at: z.string() })),
    }),
  ),
});
export type TSdkFeedbackRepliesResponse = z.infer<typeof ZSdkFeedbackRepliesResponse>;
