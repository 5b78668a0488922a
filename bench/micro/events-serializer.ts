/**
 * The cost of a declared response schema on the events batch answer: fastify-type-provider-zod's serializer
 * (zod encode, then JSON.stringify) against JSON.stringify alone, for batches of 1, 100 and 5,000 results.
 * Run: node --import tsx bench/micro/events-serializer.ts
 */
import { randomUUID } from 'node:crypto';
import { ZEventBatchResponse } from '@loopcx/shared';
import { serializerCompiler } from 'fastify-type-provider-zod';

const serialize = serializerCompiler({ schema: ZEventBatchResponse, method: 'POST', url: '/events/batch' } as never);

function answer(n: number) {
  const results = Array.from({ length: n }, (_, i) =>
    i % 50 === 49
      ? { status: 'invalid' as const, errors: [{ name: `events.${i}.type`, reason: 'undeclared event type' }] }
      : { id: randomUUID(), status: 'created' as const },
  );
  return { created: n - Math.floor(n / 50), duplicates: 0, invalid: Math.floor(n / 50), results };
}

function time(fn: () => unknown, ms = 1500) {
  for (let i = 0; i < 50; i++) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    runs++;
  }
  return ((performance.now() - start) * 1000) / runs; // µs per call
}

for (const n of [1, 100, 5000]) {
  const body = answer(n);
  const plain = time(() => JSON.stringify(body));
  const zod = time(() => serialize(body));
  console.log(
    `${String(n).padStart(5)} results: JSON.stringify ${plain.toFixed(1)} µs, zod serializer ${zod.toFixed(1)} µs (+${(zod - plain).toFixed(1)} µs, ${(((zod - plain) / n) * 1000).toFixed(0)} ns per result)`,
  );
}
