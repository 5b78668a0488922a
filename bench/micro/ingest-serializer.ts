// `node --import tsx bench/micro/ingest-serializer.ts`: what declaring the response contracts costs the two ingest
// routes. Times the zod response serializer (fastify-type-provider-zod, as the server installs it) against the
// plain JSON.stringify Fastify uses without a schema, on the answers the routes give (1 result, 1,000 results),
// alternated A/B in rounds, and puts the difference next to the time of a real request to the same route
// (in-process `app.inject` on PGlite, sequential), all in process CPU µs. Prints per-round figures and the median ratio.
import { ZResponseBatchResponse, ZResponseSubmitResponse } from '@loopcx/shared';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { startBenchServer } from '../support.ts';

const server = await startBenchServer({ db: 'pglite', quick: true }, { stores: 4 });
const { app, call, cookie, stores } = server;
const survey = await call('/api/v1/surveys', { templateId: 'post-dining-csat' });
await call(`/api/v1/surveys/${survey.id}/publish`, {});
const token = ((await call(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>)[0].token;
let seq = 0;
const single = () =>
  app.inject({
    method: 'POST',
    url: '/api/v1/responses',
    payload: {
      token,
      answers: { csat: 4, food: 4, service: 5, speed: 3, comment: '菜很好吃' },
      idempotencyKey: `s-${seq++}-key`,
    },
  });
const batch = () =>
  app
    .inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { cookie, origin: server.base },
      payload: {
        responses: Array.from({ length: 1000 }, (_, i) => ({
          surveyId: survey.id,
          answers: { csat: 4 + (i % 2), food: 1 + (i % 5), comment: '服务很好' },
          orgUnitCode: stores[i % stores.length],
          idempotencyKey: `b-${seq}-${i}-key`,
        })),
      },
    })
    .finally(() => seq++);

// Process CPU time (user + system, every thread: the PGlite worker's included), not wall time: on a shared,
// loaded machine wall time measures the wait for a core more than the work.
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const time = async (n: number, fn: () => Promise<unknown>) => {
  const t0 = cpuUs();
  for (let i = 0; i < n; i++) await fn();
  return (cpuUs() - t0) / n; // CPU µs per call
};

// Warm up, and capture the real answers to serialise.
for (let i = 0; i < 50; i++) await single();
for (let i = 0; i < 3; i++) await batch();
const singleAnswer = (await single()).json();
const batchAnswer = (await batch()).json();
if (batchAnswer.results?.length !== 1000) throw new Error(`batch failed: ${JSON.stringify(batchAnswer).slice(0, 300)}`);

const compile = (schema: unknown) =>
  serializerCompiler({ schema, method: 'POST', url: '/', httpStatus: '200' } as Parameters<
    typeof serializerCompiler
  >[0]);
const withSingle = compile(ZResponseSubmitResponse);
const withBatch = compile(ZResponseBatchResponse);

const rounds = 5;
const rows: Array<Record<string, number>> = [];
for (let r = 0; r < rounds; r++) {
  // A/B alternated within each round; the order flips every round.
  const ser = (f: (x: unknown) => string, x: unknown, n: number) => {
    const t0 = cpuUs();
    for (let i = 0; i < n; i++) f(x);
    return (cpuUs() - t0) / n;
  };
  const ab = r % 2 === 0;
  const s1 = ab ? ser(JSON.stringify, singleAnswer, 20000) : 0;
  const s2 = ser(withSingle, singleAnswer, 20000);
  const s1b = ab ? s1 : ser(JSON.stringify, singleAnswer, 20000);
  const b1 = ab ? ser(JSON.stringify, batchAnswer, 200) : 0;
  const b2 = ser(withBatch, batchAnswer, 200);
  const b1b = ab ? b1 : ser(JSON.stringify, batchAnswer, 200);
  const singleReq = await time(200, single);
  const batchReq = await time(5, batch);
  rows.push({
    singlePlainUs: s1b,
    singleZodUs: s2,
    singleRequestUs: singleReq,
    singleRatioPct: ((s2 - s1b) / singleReq) * 100,
    batchPlainUs: b1b,
    batchZodUs: b2,
    batchRequestUs: batchReq,
    batchRatioPct: ((b2 - b1b) / batchReq) * 100,
  });
  console.log(JSON.stringify(rows[rows.length - 1], (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v)));
}
const median = (k: string) => rows.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(
  'median',
  JSON.stringify(Object.fromEntries(Object.keys(rows[0]).map((k) => [k, Number(median(k).toFixed(2))]))),
);
await server.stop();
