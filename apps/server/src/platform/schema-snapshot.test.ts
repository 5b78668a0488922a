import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScratchDatabase, type ScratchDatabase } from '../testing/scratch-database.ts';
import { migrate } from './migrate.ts';
import { renderSchemaSnapshot, schemaSnapshotFile } from './schema-snapshot.ts';

// Runs on PGlite and on PostgreSQL 15 alike: the rendering keeps to catalog text both versions print the same way.
describe('schema snapshot', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase();
    await migrate(scratch.database);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('matches a freshly migrated database', async () => {
    const rendered = await renderSchemaSnapshot(scratch.database);
    const committed = readFileSync(schemaSnapshotFile, 'utf8');
    expect(rendered, 'schema snapshot is stale: run npm run db:snapshot').toBe(committed);
  });

  it('renders tables, constraints, indexes, triggers and function signatures', () => {
    const committed = readFileSync(schemaSnapshotFile, 'utf8');
    expect(committed).toContain('CREATE TABLE schema_functions (');
    expect(committed).toContain('CONSTRAINT responses_pkey PRIMARY KEY (tenant_id, id)');
    expect(committed).toMatch(
      /CREATE TRIGGER survey_versions_kept BEFORE DELETE OR UPDATE OF tenant_id, id ON survey_versions/,
    );
    expect(committed).toMatch(
      /^FUNCTION loopcx_write_responses\(p_refs uuid\[\], .*\) RETURNS record LANGUAGE plpgsql/m,
    );
    // No schema name: the same text for public and a scratch schema.
    expect(committed).not.toMatch(/\bpublic\./);
  });
});
