import type { Receipt } from './record.ts';

/**
 * Aliyun SMS delivery reports (SmsReport, pushed as a JSON array): `out_id` is the send's idempotency key (the
 * invitation id, `.n` for later sends), `success` the outcome, `err_code`/`err_msg` why not, `report_time`
 * "yyyy-MM-dd HH:mm:ss" in Beijing time.
 */
export function parseAliyunReports(body: unknown): Receipt[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((r) => {
    if (!r || typeof r !== 'object') return [];
    const x = r as Record<string, unknown>;
    const outId = typeof x.out_id === 'string' ? x.out_id : '';
    if (!outId) return [];
    const at =
      typeof x.report_time === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(x.report_time)
        ? new Date(`${x.report_time.replace(' ', 'T')}+08:00`)
        : undefined;
    const delivered = x.success === true || x.success === 'true';
    return [
      {
        invitationId: outId.split('.')[0],
        delivered,
        error: delivered ? undefined : `${String(x.err_code ?? 'UNKNOWN')}: ${String(x.err_msg ?? '')}`.trim(),
        at,
      },
    ];
  });
}

const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${name}>`).exec(xml);
  return m ? (m[1] ?? m[2] ?? '').trim() : undefined;
};

/**
 * A WeChat official-account event push (XML): the template message job's end (`Event` TEMPLATESENDJOBFINISH),
 * `MsgID` the send's msgid, `Status` "success", "failed:user block" or "failed: system failed". Other events and
 * messages are not receipts (null).
 */
export function parseWechatEvent(xml: string): Receipt | null {
  if (tag(xml, 'MsgType') !== 'event' || tag(xml, 'Event') !== 'TEMPLATESENDJOBFINISH') return null;
  const msgId = tag(xml, 'MsgID');
  const status = tag(xml, 'Status') ?? '';
  if (!msgId || !/^\d{1,30}$/.test(msgId)) return null;
  const created = Number(tag(xml, 'CreateTime'));
  return {
    providerId: msgId,
    delivered: status === 'success',
    error: status === 'success' ? undefined : `wechat: ${status || 'failed'}`,
    at: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : undefined,
  };
}
