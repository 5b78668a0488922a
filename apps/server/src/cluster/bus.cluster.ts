// The event bus across nodes (issue 21, breaks 1 and 4): 2 web + 2 worker processes on one PostgreSQL database.
// A batch far larger than a NOTIFY payload reaches an SSE stream on the other web node whole; every loopcx
// connection terminated (a failover as nodes see it) leaves every node serving, and no event is lost: those
// published while the LISTEN connection was down are replayed once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
  cluster = await startCluster({ web: 2, worker: 2 });
  owner = await seedClusterTenant(cluster.databaseUrl, 'bus');
  survey = await npsSurveyAndKey(owner.api, cluster.web[0].base);
});

afterAll(async () => {
  await cluster?.stop();
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
