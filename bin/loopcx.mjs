#!/usr/bin/env node
// The loopcx CLI. Runs the TypeScript sources through tsx so a fresh clone needs no build step for the server.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../apps/server/src/main.ts');
await main(process.argv.slice(2));
