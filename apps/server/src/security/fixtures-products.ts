import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Api, Ids } from './fixtures.ts';

/**
 * Products for one tenant (see `createObjects`): a launched product of the tenant's catalogue. Products are a
 * tenant-wide catalogue, not unit-owned; their scorecard figures are cut to the caller's subtree instead.
 */
export async function productFixtures(api: Api, tag: string, ids: Ids): Promise<void> {
  const p = await api('POST', '/api/v1/products', {
    code: `P-${tag.replace(/[^A-Za-z0-9]/g, '')}-${randomUUID().slice(0, 8)}`.slice(0, 40),
    name: `product ${tag}`,
    stage: 'launched',
    targets: { nps: 30 },
  });
  expect(p.statusCode, JSON.stringify(p.json())).toBe(201);
  ids['/api/v1/products/{id}'] = p.json().id;
}
