import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/harness.ts';

/**
 * Every JSON route under /api/v1 declares its answer: the OpenAPI document shows each 2xx response's schema (so
 * integrators read what they get), and the serializer parses answers with it (so a field nobody declared — a hash,
 * a tenant id — cannot leak). Generated from the live route table, so a new route without a contract fails here.
 */

/** Routes whose success answer is not JSON (files, images, streams, redirects) or is empty: `METHOD path` → why. */
const NOT_JSON: Record<string, string> = {
  'GET /api/v1/responses/exports/{id}/download': 'the CSV or Excel file of an export',
  'GET /api/v1/surveys/{id}/response-imports/{importId}/rejects.csv': 'the reject report of an import (CSV)',
  'GET /api/v1/auth/sso/{tenant}/start': 'a redirect to the identity provider',
  'GET /api/v1/auth/sso/callback': 'a redirect into the console (problem+json when refused)',
  'GET /api/v1/stream': 'Server-Sent Events',
  'GET /api/v1/surveys/{id}/qr': 'a PNG or SVG QR code',
  'GET /api/v1/text/corrections/export': 'NDJSON training lines',
  'GET /api/v1/reports/preview.pdf': 'a report rendered on the spot as a PDF',
  'GET /api/v1/reports/runs/{id}/pdf': 'the stored PDF of a sent report',
  'GET /api/v1/problems/{id}/tasks/{taskId}/evidence/{evidenceId}': 'an evidence file of a task (image, PDF or text)',
  'GET /api/v1/audits/{id}/photos/{photoId}': 'a photo an inspector took for an audit (PNG, JPEG or WebP)',
  'GET /api/v1/audits/{id}/qr': 'a PNG QR code of an external audit’s signed link',
  'GET /api/v1/public/audits/{token}/photos/{photoId}': 'a photo the external inspector took (PNG, JPEG or WebP)',
  'GET /api/v1/feedback/{id}/screenshot': 'the screenshot of an in-app complaint (PNG, JPEG or WebP)',
  'GET /api/v1/panels/{id}/qr': 'a PNG QR code of a panel’s recruitment link',
  'GET /api/v1/panel-submissions/{id}/photos/{photoId}': 'a photo of a panel member’s submission (PNG, JPEG or WebP)',
  'GET /api/v1/public/panel-members/{token}/photos/{photoId}': 'a photo the panel member uploaded (PNG, JPEG or WebP)',
};

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('response contracts', () => {
  it('declares a JSON response schema for every /api/v1 route that answers JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    const seen = new Set<string>();
    let declared = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        seen.add(key);
        if (NOT_JSON[key]) continue;
        const ok = Object.entries(op.responses ?? {}).some(
          ([code, r]) =>
            /^2\d\d$/.test(code) && (code === '204' || r.content?.['application/json']?.schema !== undefined),
        );
        if (ok) declared++;
        else missing.push(key);
      }
    }
    expect(missing, 'declare schema.response on these routes (contracts in packages/shared/src/contracts)').toEqual([]);
    // The allow-list stays honest: every entry names a route that exists.
    expect(Object.keys(NOT_JSON).filter((k) => !seen.has(k))).toEqual([]);
    expect(declared).toBeGreaterThan(100);
  });
});
