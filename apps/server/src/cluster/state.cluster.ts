// Many nodes, one truth (issue 21), the shared-state breaks: 2 web + 2 worker processes of the real CLI on one
// scratch PostgreSQL database.
//   2. a job whose handler outlives its lease (webhook deliveries to a receiver slower than the lease) is neither
//      lost nor run twice in effect: every delivery arrives exactly once;
//   3. an export written by a worker is downloaded through a web node that never saw the file;
//   7. wrong passwords spread over two nodes share one budget; a key revoked through node 1 is refused by node 2 on
//      the next request;
//   HTTP rate limits: one API key's budget is counted across both nodes (429 + Retry-After, problem+json).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  type Cluster,
  npsSurveyAndKey,
  postBatch,
  seedClusterTenant,
  sleep,
  startCluster,
} from '../testing/cluster.ts';

/** Key budget for this file: big enough for the other proofs, small enough to reach. */
const KEY_BUDGET = 40;
/** The receiver answers after this long, past the 2-second job lease the workers run with. */
const RECEIVER_MS = 3500;

let cluster: Cluster;
let owner: Awaited<ReturnType<typeof seedClusterTenant>>;
let survey: { surveyId: string; apiKey: string };
let receiver: Server;
const received: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      setTimeout(() => {
        res.statusCode = 204;
        res.end();
      }, RECEIVER_MS);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  cluster = await startCluster({
    web: 2,
    worker: 2,
    env: {
      LOOPCX_JOB_LEASE_SECONDS: '2',
      LOOPCX_OUTBOUND_ALLOW: '127.0.0.1/32',
      LOOPCX_RATE_LIMIT_KEY: String(KEY_BUDGET),
      LOOPCX_RATE_LIMIT_IP: '1000',
      LOOPCX_RATE_LIMIT_WINDOW_MS: '600000',
    },
  });
  owner = await seedClusterTenant(cluster.databaseUrl, 'state');
  survey = await npsSurveyAndKey(owner.api, cluster.web[0].base);
});

afterAll(async () => {
  await cluster?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('jobs on two workers (break 2)', () => {
  it('deliveries to a receiver slower than the job lease arrive exactly once each', async () => {
    const [web1] = cluster.web;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await owner.api(web1.base, 'POST', '/webhooks', { url, events: ['response.created'] });
    const ids = await postBatch(web1.base, survey.apiKey, survey.surveyId, 20, 'hook');
    expect(ids).toHaveLength(20);
    const deadline = Date.now() + 90_000;
    while (new Set(received).size < 20 && Date.now() < deadline) await sleep(250);
    expect(new Set(received).size).toBe(20);
    // Every send job settled and every delivery recorded: a second run of a job would have sent again by then.
    const settled = async () =>
      (
        await adminQuery<{ n: string }>(
          cluster.databaseUrl,
          `SELECT (SELECT count(*) FROM jobs WHERE kind = 'webhooks.send' AND dead_at IS NULL)
                + (SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded') AS n`,
        )
      )[0].n === '0';
    while (!(await settled()) && Date.now() < deadline) await sleep(250);
    expect(await settled()).toBe(true);
    expect(received.length).toBe(20);
  });
});

describe('exports (break 3)', () => {
  it('an export written by a worker downloads through either web node', async () => {
    const [web1, web2] = cluster.web;
    const { id } = (await owner.api(web1.base, 'POST', '/responses/exports', {
      format: 'csv',
      filters: { surveyId: survey.surveyId },
    })) as { id: string };
    const deadline = Date.now() + 90_000;
    let status = 'queued';
    while (status !== 'done' && status !== 'failed' && Date.now() < deadline) {
      status = ((await owner.api(web2.base, 'GET', `/responses/exports/${id}`)) as { status: string }).status;
      if (status !== 'done') await sleep(250);
    }
    expect(status).toBe('done');
    for (const web of cluster.web) {
      const res = await fetch(`${web.base}/api/v1/responses/exports/${id}/download`, {
        headers: { cookie: owner.cookie },
      });
      expect(res.status, `${web.name}`).toBe(200);
      const lines = (await res.text()).trimEnd().split('\r\n');
      // Header rows and the 20 responses of the webhook proof.
      expect(lines.length).toBeGreaterThanOrEqual(21);
    }
  });
});

describe('throttling and keys across nodes (break 7)', () => {
  it('wrong passwords sent to two nodes share one budget', async () => {
    const [web1, web2] = cluster.web;
    const login = (base: string) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@state.test', password: 'not-the-password' }),
      });
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? web2.base : web1.base)).status).toBe(401);
    for (const web of cluster.web) {
      const refused = await login(web.base);
      expect(refused.status, web.name).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('a key revoked through node 1 is refused by node 2 on its next request', async () => {
    const [web1, web2] = cluster.web;
    const { id, key } = (await owner.api(web1.base, 'POST', '/api-keys', { name: 'revoked' })) as {
      id: string;
      key: string;
    };
    const me = (base: string) => fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect((await me(web2.base)).status).toBe(200);
    await owner.api(web1.base, 'DELETE', `/api-keys/${id}`);
    expect((await me(web2.base)).status).toBe(401);
  });

  it('one API key’s rate budget is counted across both nodes', async () => {
    const { key } = (await owner.api(cluster.web[0].base, 'POST', '/api-keys', { name: 'fleet' })) as { key: string };
    const me = (base: string) => fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    for (let i = 0; i < KEY_BUDGET; i++) expect((await me(cluster.web[i % 2].base)).status).toBe(200);
    // Each node adds the hits it counted in memory to the shared row within 50 ms (platform/rate-limit.ts).
    await sleep(200);
    for (const web of cluster.web) {
      const refused = await me(web.base);
      expect(refused.status, web.name).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { status: number }).status).toBe(429);
    }
  });
});
