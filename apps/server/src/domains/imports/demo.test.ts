import { describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { TEMPLATES } from '../surveys/templates.ts';
import { seedImport } from './demo.ts';

const env = setupTestSuite();

describe('demo: a historical import', () => {
  it('runs the upload, mapping and job on the relational NPS survey, with three rejects, once', async () => {
    const tpl = TEMPLATES.find((x) => x.id === 'relational-nps')!;
    const s = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('owner'),
      payload: { name: '品牌 NPS Relational NPS', definition: tpl.definition, bindings: tpl.bindings },
    });
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${s.json().id}/publish`, headers: env.a.as('owner') });
    const u = env.a.units;
    const demo = {
      tenantId: env.a.tenantId,
      rootId: u.HQ.id,
      units: new Map(
        (['S1', 'S2', 'S3'] as const).map((k) => [
          u[k].code,
          { id: u[k].id, path: u[k].path, kind: 'store', parentCode: null },
        ]),
      ),
      teams: new Map(),
      users: new Map(),
      seed: 7,
    };
    await seedImport(env.t.ctx, demo);
    await seedImport(env.t.ctx, demo);
    const imports = await rows<{ status: string; imported_rows: number; rejected_rows: number }>(
      env.t.ctx.db,
      sql`SELECT status, imported_rows, rejected_rows FROM response_imports WHERE tenant_id = ${env.a.tenantId}`,
    );
    expect(imports).toEqual([{ status: 'done', imported_rows: 360, rejected_rows: 3 }]);
  });
});
