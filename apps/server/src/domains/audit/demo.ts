import { type AuditEntry, type AuditWho, recordAudit } from '../../platform/audit.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';

const OFFICE_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49';

/**
 * Two months of what an audit log of a restaurant chain holds: logins (and a burst of failures from an unknown
 * address), users added and re-scoped, an API key for the POS created and a leaked one revoked, alert rules tuned,
 * a survey published, exports, and the single sign-on set-up being prepared. Idempotent: skipped once written.
 */
export async function seedAuditHistory(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM audit_log WHERE tenant_id = ${demo.tenantId} AND request_id LIKE 'demo-%'`))
    return;
  const now = ctx.clock.now().getTime();
  const ago = (days: number, hour: number) => new Date(now - days * 86_400_000 + (hour - 12) * 3_600_000);
  const user = (email: string, ip = '116.228.88.12', userAgent = OFFICE_UA): AuditWho => ({
    tenantId: demo.tenantId,
    kind: 'user',
    id: demo.users.get(email) ?? null,
    label: email,
    ip,
    userAgent,
  });
  const owner = user('owner@savor.example');
  const east = user('east.manager@savor.example', '180.168.41.7', PHONE_UA);
  const sh01 = demo.users.get('sh01.manager@savor.example') ?? null;
  const pos: AuditWho = {
    tenantId: demo.tenantId,
    kind: 'apiKey',
    id: null,
    label: 'POS 收银系统',
    ip: '47.100.23.9',
    userAgent: 'savor-pos/4.2',
  };
  const stranger: AuditWho = {
    tenantId: demo.tenantId,
    kind: 'anonymous',
    id: demo.users.get('owner@savor.example') ?? null,
    label: 'owner@savor.example',
    ip: '185.220.101.34',
    userAgent: 'python-requests/2.31',
  };
  const entries: Array<[AuditWho, AuditEntry]> = [
    [owner, { action: 'auth.login', targetType: 'user', targetId: owner.id, status: 200, at: ago(58, 9) }],
    [
      owner,
      {
        action: 'user.create',
        targetType: 'user',
        targetId: sh01,
        after: { email: 'sh01.manager@savor.example', role: 'manager', password: '***' },
        at: ago(58, 10),
      },
    ],
    [
      owner,
      {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: null,
        after: { name: 'POS 收银系统', role: 'admin' },
        at: ago(52, 15),
      },
    ],
    [
      pos,
      {
        action: 'POST /responses/exports',
        targetType: 'route',
        after: { request: { format: 'xlsx' } },
        at: ago(45, 2),
      },
    ],
    [
      owner,
      {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: null,
        before: { name: 'ERP 测试 (leaked in a chat)', role: 'admin', revokedAt: null },
        at: ago(40, 11),
      },
    ],
    [east, { action: 'auth.login', targetType: 'user', targetId: east.id, status: 200, at: ago(33, 8) }],
    [
      east,
      {
        action: 'alert_rule.update',
        targetType: 'alert_rule',
        before: { name: '差评即时预警', enabled: true, condition: { expression: '{nps} <= 6' } },
        after: { name: '差评即时预警', enabled: true, condition: { expression: '{nps} <= 4 or {csat} <= 2' } },
        at: ago(33, 9),
      },
    ],
    ...[0, 1, 2, 3, 4].map((i): [AuditWho, AuditEntry] => [
      stranger,
      {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: stranger.id,
        outcome: 'failure',
        status: 401,
        after: { reason: 'Wrong email or password' },
        at: new Date(ago(21, 3).getTime() + i * 41_000),
      },
    ]),
    [
      owner,
      {
        action: 'user.update',
        targetType: 'user',
        targetId: sh01,
        before: { role: 'manager', orgUnitId: demo.units.get('SH-01')?.id ?? null },
        after: { role: 'manager', orgUnitId: demo.units.get('SH')?.id ?? null },
        at: ago(14, 16),
      },
    ],
    [
      owner,
      {
        action: 'survey.publish',
        targetType: 'survey',
        after: { version: 3 },
        at: ago(9, 10),
      },
    ],
    [
      owner,
      {
        action: 'sso.update',
        targetType: 'sso_config',
        targetId: demo.tenantId,
        before: null,
        after: {
          providerName: 'Savor Keycloak',
          issuer: 'https://sso.savor.example/realms/savor',
          clientId: 'loopcx',
          clientSecret: '***',
          enabled: false,
        },
        at: ago(2, 17),
      },
    ],
    [owner, { action: 'auth.logout', targetType: 'user', targetId: owner.id, status: 204, at: ago(2, 18) }],
  ];
  let n = 0;
  for (const [who, e] of entries) await recordAudit(ctx.db, { ...who, requestId: `demo-${++n}` }, e);
}
