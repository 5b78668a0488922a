import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { OutboundFailed, OutboundRefused, outboundRequest } from './outbound.ts';
import { addressKind, parseAllowList } from './outbound-policy.ts';

// Real servers on loopback: "nothing reaches the server" is counted where a request would land.
interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const hits: Hit[] = [];
const elsewhere: Hit[] = [];
let port: number;
let otherPort: number;

function recorder(into: Hit[], handle: (url: string, res: import('node:http').ServerResponse) => void): Server {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      into.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req.url ?? '', res);
    });
  });
}

const main = recorder(hits, (url, res) => {
  if (url === '/redirect-metadata') {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  } else if (url === '/redirect-local') {
    res.writeHead(302, { location: `http://127.0.0.2:${otherPort}/` }).end();
  } else if (url === '/slow') {
    // Never answers: only the caller's deadline ends this exchange.
  } else if (url === '/endless') {
    // Streams until the client hangs up: a reader without a size limit would never return.
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  } else if (url === '/exact') {
    res.end('0123456789');
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('  received  ');
  }
});
const other = recorder(elsewhere, (_url, res) => res.end('internal'));

const listen = (s: Server, host: string) =>
  new Promise<number>((resolve) => s.listen(0, host, () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  port = await listen(main, '127.0.0.1');
  // The whole of 127/8 is loopback on Linux: a second "internal" service that is not on the allow-list.
  otherPort = await listen(other, '127.0.0.2');
});
afterAll(async () => {
  main.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([main, other].map((s) => new Promise((resolve) => s.close(resolve))));
});

const none = { outboundAllow: [] };
const loopback = { outboundAllow: ['127.0.0.1/32'] };

describe('address rules', () => {
  it('classifies loopback, private, link-local, metadata, CGNAT, multicast, reserved and mapped forms', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['2002:7f00:1::1', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['fc00::1', 'private'],
      ['fd00:ec2::254', 'private'],
      ['169.254.169.254', 'link-local'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['100.64.0.1', 'shared (carrier-grade NAT)'],
      ['100.100.100.200', 'shared (carrier-grade NAT)'],
      ['224.0.0.1', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['192.0.0.192', 'reserved'],
      ['2001::1', 'reserved'],
      ['::127.0.0.1', 'reserved'],
      ['192.0.2.10', 'documentation'],
      ['2001:db8::1', 'documentation'],
      ['8.8.8.8', 'public'],
      ['172.32.0.1', 'public'],
      ['100.128.0.1', 'public'],
      ['2606:4700:4700::1111', 'public'],
      ['64:ff9b::808:808', 'public'],
    ];
    expect(cases.map(([ip]) => [ip, addressKind(ip)])).toEqual(cases);
  });

  it('parses the allow-list (CIDRs, addresses, host names, numeric forms) and rejects anything else', () => {
    const list = parseAllowList([
      ' 127.0.0.1/32',
      '10.0.0.0/8',
      'Hooks.Internal.',
      '127.1',
      '::ffff:192.168.0.0/112',
      '',
    ]);
    expect([...list.hosts]).toEqual(['hooks.internal']);
    expect(list.ranges.map((r) => `${r.bytes.join('.')}/${r.prefix}`)).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
      '127.0.0.1/32',
      '192.168.0.0/16',
    ]);
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/8/1',
      'fe80::/129',
      'http://hooks.internal',
      'a b',
      'x:80',
      '10.0.0.0/',
    ]) {
      expect(() => parseAllowList([bad]), bad).toThrow(/LOOPCX_OUTBOUND_ALLOW/);
    }
  });

  it('LOOPCX_OUTBOUND_ALLOW is read as a comma-separated list, and a bad entry stops the configuration', () => {
    const before = process.env.LOOPCX_OUTBOUND_ALLOW;
    try {
      process.env.LOOPCX_OUTBOUND_ALLOW = '127.0.0.1/32, 10.0.0.0/8,hooks.internal,';
      expect(loadConfig({ secret: 's', dataDir: 'memory://' }).outboundAllow).toEqual([
        '127.0.0.1/32',
        '10.0.0.0/8',
        'hooks.internal',
      ]);
      process.env.LOOPCX_OUTBOUND_ALLOW = '10.0.0.0/40';
      expect(() => loadConfig({ secret: 's', dataDir: 'memory://' })).toThrow(/10\.0\.0\.0\/40/);
      delete process.env.LOOPCX_OUTBOUND_ALLOW;
      expect(loadConfig({ secret: 's', dataDir: 'memory://' }).outboundAllow).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.LOOPCX_OUTBOUND_ALLOW;
      else process.env.LOOPCX_OUTBOUND_ALLOW = before;
    }
  });
});

describe('outboundRequest', () => {
  it('without the allow-list, every internal form is refused before connecting and nothing reaches the server', async () => {
    hits.length = 0;
    const forms = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://127.1:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://[fd00:ec2::254]/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      `https://127.0.0.1:${port}/`,
    ];
    for (const url of forms) {
      await expect(outboundRequest(none, url, { method: 'POST', body: 'x' }), url).rejects.toBeInstanceOf(
        OutboundRefused,
      );
    }
    await expect(outboundRequest(none, `http://127.1:${port}/`)).rejects.toThrow(
      `Outbound request refused: http://127.0.0.1:${port} is a loopback address`,
    );
    await expect(outboundRequest(none, 'http://169.254.169.254/')).rejects.toThrow(/link-local address/);
    expect(hits).toHaveLength(0);
  });

  it('only http and https, and never credentials in the URL', async () => {
    for (const url of ['ftp://127.0.0.1/', 'file:///etc/passwd', 'gopher://127.0.0.1:70/', 'not a url']) {
      await expect(outboundRequest(loopback, url), url).rejects.toBeInstanceOf(OutboundRefused);
    }
    await expect(outboundRequest(loopback, `http://user:secret@127.0.0.1:${port}/`)).rejects.toThrow(
      /carries credentials/,
    );
    expect(hits).toHaveLength(0);
  });

  it('with 127.0.0.1/32 allowed the request arrives (numeric forms too); 127.0.0.2 stays refused', async () => {
    hits.length = 0;
    const answer = await outboundRequest({ config: loopback }, `http://127.0.0.1:${port}/hook?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': 'sig' },
      body: '{"a":1}',
    });
    expect(answer).toMatchObject({ status: 200, body: '  received  ', truncated: false });
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: 'POST', url: '/hook?x=1', body: '{"a":1}' });
    expect(hits[0].headers['x-signature']).toBe('sig');
    expect((await outboundRequest(loopback, `http://2130706433:${port}/`)).status).toBe(200);
    expect((await outboundRequest(loopback, `http://[::ffff:127.0.0.1]:${port}/`)).status).toBe(200);
    expect(hits).toHaveLength(3);
    await expect(outboundRequest(loopback, `http://127.0.0.2:${otherPort}/`)).rejects.toBeInstanceOf(OutboundRefused);
    expect(elsewhere).toHaveLength(0);
  });

  it('a redirect is returned as the answer, never followed (to metadata or to a non-allowed internal host)', async () => {
    hits.length = 0;
    const toMetadata = await outboundRequest(loopback, `http://127.0.0.1:${port}/redirect-metadata`);
    expect(toMetadata.status).toBe(302);
    expect(toMetadata.headers.location).toBe('http://169.254.169.254/latest/meta-data/');
    const toLocal = await outboundRequest(loopback, `http://127.0.0.1:${port}/redirect-local`);
    expect(toLocal.status).toBe(302);
    expect(hits.map((h) => h.url)).toEqual(['/redirect-metadata', '/redirect-local']);
    expect(elsewhere).toHaveLength(0);
  });

  it('a host name is judged by every address it resolves to, resolved once, and connected to as checked', async () => {
    hits.length = 0;
    let lookups = 0;
    const toLoopback = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const url = `http://hooks.internal:${port}/h`;
    await expect(outboundRequest(none, url, { resolve: toLoopback })).rejects.toThrow(
      `Outbound request refused: http://hooks.internal:${port} resolves to 127.0.0.1, a loopback address`,
    );
    // One public answer does not launder a private one next to it.
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(outboundRequest(none, url, { resolve: mixed })).rejects.toThrow(/resolves to 10\.0\.0\.5, a private/);
    expect(hits).toHaveLength(0);

    // Allowed by name: it arrives with its own Host header, and the name was resolved exactly once (a second
    // answer — DNS rebinding — never reaches the socket, which connects to the checked address).
    lookups = 0;
    const answer = await outboundRequest({ outboundAllow: ['hooks.internal'] }, url, { resolve: toLoopback });
    expect(answer.status).toBe(200);
    expect(lookups).toBe(1);
    expect(hits[0].headers.host).toBe(`hooks.internal:${port}`);
    // Allowed by range: the same name passes because its address is in 127.0.0.1/32.
    expect((await outboundRequest(loopback, url, { resolve: toLoopback })).status).toBe(200);
    expect(hits).toHaveLength(2);
  });

  it('an unresolvable name fails as a delivery error, not a refusal', async () => {
    const nowhere = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(outboundRequest(none, 'https://hooks.example/x', { resolve: nowhere })).rejects.toBeInstanceOf(
      OutboundFailed,
    );
  });

  it('a server that does not answer, or a resolver that hangs, hits the one deadline', async () => {
    await expect(outboundRequest(loopback, `http://127.0.0.1:${port}/slow`, { timeoutMs: 300 })).rejects.toThrow(
      new OutboundFailed(`Outbound request to http://127.0.0.1:${port} timed out after 300 ms`),
    );
    const hanging = () => new Promise<never>(() => {});
    await expect(
      outboundRequest(none, 'https://hooks.example/x', { timeoutMs: 300, resolve: hanging }),
    ).rejects.toThrow('Outbound request to https://hooks.example timed out after 300 ms');
  });

  it('reads at most maxResponseBytes of an endless body, then hangs up', async () => {
    const answer = await outboundRequest(loopback, `http://127.0.0.1:${port}/endless`, {
      maxResponseBytes: 1000,
      timeoutMs: 20_000,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('x'.repeat(1000));
    expect(answer.truncated).toBe(true);
    const exact = await outboundRequest(loopback, `http://127.0.0.1:${port}/exact`, { maxResponseBytes: 10 });
    expect(exact).toMatchObject({ body: '0123456789', truncated: false });
  });
});

describe('outboundRequest with keepAlive', () => {
  // Two services on the same port of two loopback addresses: which one answers shows where a socket connected.
  const atOne: string[] = [];
  const atTwo: string[] = [];
  let connectionsToOne = 0;
  let samePort: number;
  const one = createServer((req, res) => {
    atOne.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.end('one'));
  });
  const two = createServer((req, res) => {
    atTwo.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.end('two'));
  });
  one.on('connection', () => connectionsToOne++);

  beforeAll(async () => {
    samePort = await listen(one, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      two.once('error', reject);
      two.listen(samePort, '127.0.0.2', () => resolve());
    });
  });
  afterAll(async () => {
    one.closeAllConnections();
    two.closeAllConnections();
    await Promise.all([one, two].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('reuses one connection for sequential requests to the same checked address', async () => {
    connectionsToOne = 0;
    atOne.length = 0;
    for (let i = 0; i < 5; i++) {
      const answer = await outboundRequest(loopback, `http://127.0.0.1:${samePort}/k${i}`, {
        method: 'POST',
        body: `{"i":${i}}`,
        keepAlive: true,
      });
      expect(answer).toMatchObject({ status: 200, body: 'one' });
    }
    expect(atOne).toEqual(['/k0', '/k1', '/k2', '/k3', '/k4']);
    expect(connectionsToOne).toBe(1);
  });

  it('a name that rebinds to a refused address is refused, though a pooled socket to its old address is open', async () => {
    atOne.length = 0;
    atTwo.length = 0;
    let answer = '127.0.0.1';
    const rebinding = async () => [{ address: answer, family: 4 }];
    const url = `http://rebind.example:${samePort}/r`;
    expect((await outboundRequest(loopback, url, { resolve: rebinding, keepAlive: true })).body).toBe('one');
    answer = '127.0.0.2';
    await expect(outboundRequest(loopback, url, { resolve: rebinding, keepAlive: true })).rejects.toThrow(
      `Outbound request refused: http://rebind.example:${samePort} resolves to 127.0.0.2, a loopback address`,
    );
    answer = '169.254.169.254';
    await expect(outboundRequest(loopback, url, { resolve: rebinding, keepAlive: true })).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    // The refused requests went nowhere: not to the new address, and not over the open socket to the old one.
    expect(atOne).toEqual(['/r']);
    expect(atTwo).toEqual([]);
  });

  it('a name that rebinds to another allowed address is sent there, never over the socket to the old address', async () => {
    atOne.length = 0;
    atTwo.length = 0;
    const both = { outboundAllow: ['127.0.0.1/32', '127.0.0.2/32'] };
    let answer = '127.0.0.1';
    const rebinding = async () => [{ address: answer, family: 4 }];
    const url = `http://moving.example:${samePort}/m`;
    expect((await outboundRequest(both, url, { resolve: rebinding, keepAlive: true })).body).toBe('one');
    answer = '127.0.0.2';
    expect((await outboundRequest(both, url, { resolve: rebinding, keepAlive: true })).body).toBe('two');
    answer = '127.0.0.1';
    expect((await outboundRequest(both, url, { resolve: rebinding, keepAlive: true })).body).toBe('one');
    expect(atOne).toEqual(['/m', '/m']);
    expect(atTwo).toEqual(['/m']);
  });

  it('a pooled exchange keeps the deadline and the body limit, and the socket cut off is not reused', async () => {
    await expect(
      outboundRequest(loopback, `http://127.0.0.1:${port}/slow`, { timeoutMs: 300, keepAlive: true }),
    ).rejects.toThrow(new OutboundFailed(`Outbound request to http://127.0.0.1:${port} timed out after 300 ms`));
    const cut = await outboundRequest(loopback, `http://127.0.0.1:${port}/endless`, {
      maxResponseBytes: 1000,
      timeoutMs: 20_000,
      keepAlive: true,
    });
    expect(cut).toMatchObject({ status: 200, body: 'x'.repeat(1000), truncated: true });
    const after = await outboundRequest(loopback, `http://127.0.0.1:${port}/exact`, { keepAlive: true });
    expect(after).toMatchObject({ status: 200, body: '0123456789', truncated: false });
  });
});
