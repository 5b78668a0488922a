// Writes apps/server/src/sql/schema.snapshot.sql from a freshly migrated embedded database (npm run db:snapshot).
// Commit the result with the migration or function file that changed it; schema-snapshot.test.ts checks it.
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../apps/server/src/platform/db.ts';
import { migrate } from '../apps/server/src/platform/migrate.ts';
import { renderSchemaSnapshot, schemaSnapshotFile } from '../apps/server/src/platform/schema-snapshot.ts';

const database = await openDatabase({ dataDir: 'memory://' });
try {
  await migrate(database);
  writeFileSync(schemaSnapshotFile, await renderSchemaSnapshot(database));
  console.log(`Wrote ${schemaSnapshotFile}`);
} finally {
  await database.close();
}
