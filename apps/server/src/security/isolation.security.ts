import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../platform/db.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../testing/harness.ts';
import {
  createObjects,
  fillPath,
  type Ids,
  type JsonSchema,
  NOT_OBJECT_IDS,
  type Operation,
  operationsOf,
  paramsOf,
  UNIT_OWNED,
} from './fixtures.ts';
import { exampleOf } from './schema-values.ts';

/**
 * Tenant and store isolation generated from the route table (issue 16, "proofs in CI"): every documented route
 * with an object id in its path is called by every role of tenant A against tenant B's objects (made through the
 * API by security/fixtures.ts), and by a store manager of S1 against the same kind made at S3 when the object
 * belongs to an org unit. Every answer must be 403 or 404 — never 2xx — and nothing of tenant B may change: a
 * fingerprint of every B row is compared per route, and a GET of each B object as B's owner before and after the
 * run. A route whose id parameter has no creator in fixtures.ts fails the suite, so new routes are covered without
 * editing this file; parameters that are not object ids are the documented allow-list NOT_OBJECT_IDS there.
 */
const ROLES = ['owner', 'admin', 'analyst', 'manager', 'storeManager', 'agent', 'viewer'];
const REFUSED = new Set([403, 404]);

/**
 * Bodies for operations whose schema-generated example fails a cross-field rule (422 before the object is looked
 * up, which would prove nothing): a valid body, so the refusal must come from the lookup.
 */
const VALID_BODIES: Record<string, unknown> = {
  // A visitor's show request (the route takes text/plain or JSON, its body schema is checked inside).
  'POST /sdk/v1/intercepts/{id}/show': { anonymousId: '0b6a2f3e-8f54-4c1a-9a7e-2f3c4d5e6f70' },
  'PUT /api/v1/customers/segments/{id}': {
    name: 'seg',
    definition: {
      match: 'all',
      conditions: [{ kind: 'events', eventType: 'order.done', windowDays: 90, op: 'gte', value: 1 }],
    },
  },
  'PUT /api/v1/customers/tag-rules/{id}': {
    tag: 'vip',
    measure: { kind: 'events', eventType: 'order.done', fn: 'count', windowDays: 30 },
    op: 'gte',
    value: 3,
  },
  'PATCH /api/v1/text/analyses/{id}': { sentiment: 'positive' },
  // A task needs its report's fields or a diary survey (the schema-made example has neither).
  'POST /api/v1/panels/{id}/tasks': {
    title: 'Isolation',
    kind: 'online',
    fields: [{ code: 'note', label: 'Note', type: 'text' }],
    points: 10,
    dueAt: '2030-01-01T00:00:00.000Z',
    assignTo: { kind: 'all' },
  },
  'POST /api/v1/text/discovery/{id}/accept': { newTopic: { code: 'iso-topic', name: 'Isolation' } },
};

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let idsB: Ids;
let idsA3: Ids;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  idsB = await createObjects(t, b);
  idsA3 = await createObjects(t, a, 'S3');
});
afterAll(async () => t?.close());

/** The object path keys of a route (`/api/v1/tickets/{id}` for `/api/v1/tickets/{id}/comments`). */
const objectKeys = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)]
    .map((m) => path.slice(0, (m.index ?? 0) + m[0].length))
    .filter((key) => NOT_OBJECT_IDS[key] === undefined);

/**
 * One statement fingerprinting every row of the tenant (md5 per table). Sessions are left out: a session's
 * last-seen time is not the tenant's data, and the suite's own B-owner GETs touch it.
 */
async function fingerprinter(tenantId: string) {
  const tables = await rows<{ name: string }>(
    t.ctx.db,
    sql`SELECT c.table_name AS name FROM information_schema.tables c
        WHERE c.table_schema = current_schema() AND c.table_type = 'BASE TABLE' AND c.table_name <> 'sessions'
          AND EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema = c.table_schema
                        AND k.table_name = c.table_name AND k.column_name = 'tenant_id')
        ORDER BY 1`,
  );
  const id = tenantId.replace(/[^0-9a-f-]/g, '');
  const union = tables
    .map(
      ({ name }) =>
        `SELECT '${name}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${name} x WHERE tenant_id = '${id}'`,
    )
    .join(' UNION ALL ');
  return async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const r of await rows<{ t: string; h: string }>(t.ctx.db, sql.raw(union))) out[r.t] = r.h;
    return out;
  };
}

describe('tenant and store isolation generated from the route table', () => {
  it('answers 403/404 to every role of another tenant and to a store manager of another store, and changes nothing', async () => {
    const doc = t.app.swagger() as unknown as Parameters<typeof operationsOf>[0] & {
      paths: Record<string, Record<string, unknown>>;
    };
    // Deletes last: a leaking delete would otherwise hide what a later route does to the same object.
    const routes = operationsOf(doc)
      .filter((o) => ['GET', 'PUT', 'PATCH', 'DELETE', 'POST'].includes(o.method) && objectKeys(o.path).length > 0)
      .sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    const failures: string[] = [];
    const fingerprint = await fingerprinter(b.tenantId);
    const [keyA] = await rows<{ key: string }>(
      t.ctx.db,
      sql`SELECT key FROM sdk_keys WHERE tenant_id = ${a.tenantId} AND id = ${idsA3['/api/v1/sdk-keys/{id}']}`,
    );
    const sdkA = { key: keyA.key, origin: 'https://shop.example.com' };

    // B's objects as B's owner sees them, before anything runs.
    const objectUrls = [...new Set(routes.flatMap((o) => objectKeys(o.path)))]
      .filter((key) => doc.paths[key]?.get !== undefined && paramsOf(key).length > 0)
      .flatMap((key) => {
        const filled = fillPath(key, idsB);
        return 'url' in filled ? [{ key, url: filled.url }] : [];
      });
    const snapshot = async () => {
      const out: Record<string, string> = {};
      for (const { key, url } of objectUrls) {
        const res = await t.app.inject({ method: 'GET', url, headers: b.as('owner') });
        out[key] = `${res.statusCode} ${res.body}`;
      }
      return out;
    };
    const objectsBefore = await snapshot();
    for (const [key, seen] of Object.entries(objectsBefore))
      if (!seen.startsWith('200')) failures.push(`GET ${key} as B's owner: ${seen.slice(0, 200)}`);
    let before = await fingerprint();

    let checks = 0;
    let leaks = 0;
    const send = async (op: Operation, url: string, who: TestTenant, role: string, label: string) => {
      const body = op.op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
      const payload =
        op.method === 'GET' || op.method === 'DELETE'
          ? undefined
          : (VALID_BODIES[`${op.method} ${op.path}`] ?? exampleOf(body, a.units.S1.id) ?? {});
      // The public SDK routes take a key, not a session: tenant A's own key from its own site, on B's objects.
      const sdk = /^\/sdk\/v1\//.test(op.path) ? sdkA : undefined;
      const res = await t.app.inject({
        method: op.method as 'POST',
        url: sdk ? `${url}?key=${sdk.key}` : url,
        headers: sdk ? { ...who.as(role), origin: sdk.origin } : who.as(role),
        payload: payload as object | undefined,
      });
      checks++;
      if (!REFUSED.has(res.statusCode)) {
        leaks++;
        failures.push(`${op.method} ${op.path} as ${label} → ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
    };

    let unitScoped = 0;
    let controls = 0;
    for (const op of routes) {
      const cross = fillPath(op.path, idsB);
      if ('missing' in cross) {
        failures.push(`${op.method} ${op.path}: no fixture creates ${cross.missing} (security/fixtures.ts)`);
        continue;
      }
      // The control: the object's own owner reading the same URL finds it (2xx, or 409 for an export that is not
      // ready yet), so the refusals below are not a wrong URL's 404.
      if (op.method === 'GET') {
        const own = await t.app.inject({ method: 'GET', url: cross.url, headers: b.as('owner') });
        if (own.statusCode >= 300 && own.statusCode !== 409)
          failures.push(`GET ${op.path} as B's own owner → ${own.statusCode} (control)`);
        else controls++;
      }
      for (const role of ROLES) await send(op, cross.url, a, role, `tenant A ${role}`);
      if (objectKeys(op.path).some((key) => UNIT_OWNED.has(key))) {
        const otherStore = fillPath(op.path, idsA3);
        if ('url' in otherStore) {
          unitScoped++;
          await send(op, otherStore.url, a, 'storeManager', 'S1 store manager on an S3 object');
        }
      }
      const after = await fingerprint();
      for (const [table, hash] of Object.entries(after))
        if (before[table] !== hash) {
          leaks++;
          failures.push(`${op.method} ${op.path}: tenant B's ${table} changed`);
        }
      before = after;
    }

    const objectsAfter = await snapshot();
    for (const { key } of objectUrls)
      if (objectsAfter[key] !== objectsBefore[key]) {
        leaks++;
        failures.push(`GET ${key} as B's owner differs after the run`);
      }

    console.log(
      `isolation: ${routes.length} routes × ${ROLES.length} roles checked, ${leaks} leaks (+ ${unitScoped} unit-scoped routes as the S1 store manager on S3 objects; ${checks} requests; ${controls} GET controls as the owner)`,
    );
    expect(failures.slice(0, 60)).toEqual([]);
    expect(routes.length).toBeGreaterThan(0);
  });
});
