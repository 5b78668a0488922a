import { z } from 'zod';

/** GET /channels/:id/receipts: where the channel's provider reports delivery, and the token it needs. */
export const ZChannelReceiptsResponse = z.object({
  /** The callback address to configure at the provider (webhook gateway, Aliyun SMS report push, WeChat server URL). */
  url: z.string(),
  /** WeChat: the server Token; Aliyun SMS: already inside `url`; webhook: null (receipts are signed with the channel secret). */
  token: z.string().nullable(),
  /** How the provider proves itself at the callback. */
  auth: z.enum(['standard-webhooks', 'url-token', 'wechat-signature']),
});
export type TChannelReceiptsResponse = z.infer<typeof ZChannelReceiptsResponse>;

/** POST /public/channels/:channelId/receipts from a webhook gateway: how many invitations changed. */
export const ZReceiptResponse = z.object({ updated: z.number().int() });
