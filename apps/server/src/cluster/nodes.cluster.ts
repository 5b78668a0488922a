// Many nodes, one truth (issue 21): 3 web + 2 worker processes of the real CLI started at the same moment on an
// empty PostgreSQL database, then proofs against that one cluster (starting it costs most of the file's minute).
//   1. concurrent first start (break 6): every node comes up, the demo tenant is seeded once;
//   4. a 500-response batch to node 1 is announced whole on an SSE stream held by node 2 (NOTIFY's 8,000 bytes);
//   1. every loopcx connection terminated (a failover as nodes see it): nodes keep serving, and no event is lost —
//      those published while node 2's LISTEN connection was down are replayed once the reconnect is announced;
//   5. SIGTERM on a node with open streams and batches in flight: streams end, the node exits within 10 s, and every
//      acknowledged response is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  type Cluster,
  npsSurveyAndKey,
  openStream,
  postBatch,
  seedClusterTenant,
  startCluster,
  terminateBackends,
} from '../testing/cluster.ts';

let cluster: Cluster;
let owner: Awaited<ReturnType<typeof seedClusterTenant>>;
let survey: { surveyId: string; apiKey: string };

beforeAll(async () => {
  cluster = await startCluster({ web: 3, worker: 2, together: true, demo: true });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('first start of several nodes at once', () => {
  it('three web nodes and two workers on an empty database all come up, with one demo tenant', async () => {
    for (const n of cluster.nodes) expect(n.running, `${n.name}:\n${n.logs.slice(-2000)}`).toBe(true);
    const tenants = await adminQuery<{ slug: string }>(cluster.databaseUrl, 'SELECT slug FROM tenants');
    expect(tenants.map((t) => t.slug)).toEqual(['savor']);
    for (const web of cluster.web) {
      const res = await fetch(`${web.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@savor.example', password: 'cluster-demo-password' }),
      });
      expect(res.status, `${web.name}: ${await res.clone().text()}`).toBe(200);
      expect(((await res.json()) as { email: string }).email).toBe('owner@savor.example');
    }
    owner = await seedClusterTenant(cluster.databaseUrl, 'bus');
    survey = await npsSurveyAndKey(owner.api, cluster.web[0].base);
  });
});

describe('the bus across nodes', () => {
  it('a 500-response batch posted to node 1 is announced whole on a stream held by node 2', async () => {
    const [web1, web2] = cluster.web;
    const stream = await openStream(web2.base, owner.cookie);
    try {
      const ids = await postBatch(web1.base, survey.apiKey, survey.surveyId, 500, 'big');
      expect(ids).toHaveLength(500);
      await stream.until(() => ids.every((id) => stream.responseIds().has(id)), 30_000, 'announcement of all 500');
      expect(ids.filter((id) => !stream.responseIds().has(id))).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('every loopcx connection terminated: nodes keep serving, and no event is lost after the reconnect', async () => {
    const [web1, web2] = cluster.web;
    const stream = await openStream(web2.base, owner.cookie);
    try {
      const marks = cluster.nodes.map((n) => n.logs.length);
      expect(await terminateBackends(cluster.databaseUrl)).toBeGreaterThan(0);
      // Published while node 2's LISTEN connection is down (or coming back): replayed from the table.
      const during = await postBatch(web1.base, survey.apiKey, survey.surveyId, 50, 'during');
      for (const [i, n] of cluster.nodes.entries()) await n.waitForLog(/bus reconnected/, 60_000, marks[i]);
      const after = await postBatch(web1.base, survey.apiKey, survey.surveyId, 50, 'after');
      const all = [...during, ...after];
      await stream.until(() => all.every((id) => stream.responseIds().has(id)), 30_000, 'events after reconnect');
      expect(all.filter((id) => !stream.responseIds().has(id))).toEqual([]);
      for (const n of cluster.nodes) expect(n.running, `${n.name} still runs:\n${n.logs.slice(-2000)}`).toBe(true);
      expect((await fetch(`${web2.base}/readyz`)).status).toBe(200);
      expect((await owner.api(web2.base, 'GET', `/surveys/${survey.surveyId}`)).id).toBe(survey.surveyId);
    } finally {
      stream.close();
    }
  });
});

describe('a rolling deploy', () => {
  it('SIGTERM with open streams and batches in flight: streams end, exit within 10 s, no acknowledged response lost', async () => {
    const web3 = cluster.web[2];
    const streams = await Promise.all([openStream(web3.base, owner.cookie), openStream(web3.base, owner.cookie)]);
    // Clients keep posting batches of 100 to the node until it stops taking them.
    const acknowledged: string[] = [];
    let stopping = false;
    const client = async (n: number) => {
      for (let i = 0; ; i++) {
        try {
          acknowledged.push(...(await postBatch(web3.base, survey.apiKey, survey.surveyId, 100, `term${n}-${i}`)));
        } catch {
          if (stopping) return; // 503 while closing, or refused once closed: a real client retries elsewhere
          throw new Error(`a batch failed before SIGTERM:\n${web3.logs.slice(-2000)}`);
        }
      }
    };
    const clients = [client(1), client(2), client(3)];
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    stopping = true;
    const exit = await web3.kill('SIGTERM', { timeoutMs: 15_000 });
    await Promise.all(clients);
    expect(exit.timedOut, `still running 15 s after SIGTERM:\n${web3.logs.slice(-2000)}`).toBe(false);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    for (const s of streams) {
      await s.closed;
      expect(s.ended).toBe(true);
    }
    const stored = await adminQuery<{ id: string }>(
      cluster.databaseUrl,
      'SELECT id FROM responses WHERE id = ANY($1)',
      [acknowledged],
    );
    expect(stored.length).toBe(new Set(acknowledged).size);
    expect(web3.logs).toMatch(/loopcx stopped in \d+ ms/);
  });
});
