import { z } from 'zod';

const ZBaseUrl = z
  .string()
  .url()
  .max(300)
  .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL');

/** `PUT /api/v1/wechat-account`: the tenant's official account (公众号) for the survey page's WeChat login. */
export const ZWechatAccountInput = z
  .object({
    /** The official account's AppID: wx + 16 letters or digits. */
    appId: z.string().regex(/^wx[0-9A-Za-z]{16}$/, 'an official account AppID (wx + 16 letters or digits)'),
    /** The AppSecret: required the first time, kept when omitted later. Stored sealed, never answered. */
    appSecret: z.string().min(16).max(128).optional(),
    /** Off: the survey page never redirects to WeChat. Default on. */
    oauthEnabled: z.boolean().optional(),
    /** Where WeChat's authorize page is; default https://open.weixin.qq.com. */
    authorizeBaseUrl: ZBaseUrl.nullable().optional(),
    /** Where WeChat's API is; default https://api.weixin.qq.com. */
    apiBaseUrl: ZBaseUrl.nullable().optional(),
  })
  .strict();
export type TWechatAccountInput = z.infer<typeof ZWechatAccountInput>;

export const ZWechatAccountResponse = z.object({
  appId: z.string(),
  /** Always true once saved: the secret itself is never answered. */
  hasSecret: z.boolean(),
  oauthEnabled: z.boolean(),
  authorizeBaseUrl: z.string().nullable(),
  apiBaseUrl: z.string().nullable(),
  updatedAt: z.string(),
});
export type TWechatAccountResponse = z.infer<typeof ZWechatAccountResponse>;

/** `PUT /api/v1/surveys/:id/wechat`: the survey's WeChat rules. */
export const ZSurveyWechatRules = z
  .object({
    /** A respondent recognised by their openid (survey opened inside WeChat) may answer once. */
    oneResponsePerOpenid: z.boolean(),
  })
  .strict();
export type TSurveyWechatRules = z.infer<typeof ZSurveyWechatRules>;
