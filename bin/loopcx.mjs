#!/usr/bin/env node
// The loopcx CLI. Runs the TypeScript sources through tsx so a fresh clone needs no build step for the server.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../apps/server/src/main.ts');
try {
  await main(process.argv.slice(2));
} catch (err) {
  console.error(`loopcx: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
}
