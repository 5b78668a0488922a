// The embedded database's thread. PGlite runs PostgreSQL (WASM) synchronously on the thread that calls it: on
// the main thread every query stops HTTP parsing, validation and responses for its whole duration. Here it has a
// thread of its own, so the server's two halves (HTTP + validation, SQL) use two cores. Plain JS so the worker
// needs no TypeScript loader; the main-thread side is platform/pglite-thread.ts.
//
// Messages in:  {id, op: 'query', sql, params, rowMode, tx?} | {id, op: 'exec', sql, tx?} | {id, op: 'begin'}
//               | {id, op: 'end', tx, commit} | {id, op: 'dump'} | {id, op: 'close'}
// Messages out: {id, ok: true, result} | {id, ok: false, error}
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';

// Drizzle's PGlite driver asks for these types as strings (it parses dates itself); functions cannot cross
// threads, so the worker applies the same parsers to every query.
const identity = (v) => v;
const parsers = {
  [types.TIMESTAMP]: identity,
  [types.TIMESTAMPTZ]: identity,
  [types.INTERVAL]: identity,
  [types.DATE]: identity,
  1231: identity,
  1115: identity,
  1185: identity,
  1187: identity,
  1182: identity,
};

const { dataDir, loadDataDir } = workerData;
const pg = await PGlite.create(dataDir, loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {});

/** PostgreSQL error fields the server maps to API errors (see errors.ts fromDatabaseError). */
function errorOf(err) {
  const e = err ?? {};
  const out = { message: String(e.message ?? e) };
  for (const k of [
    'code',
    'detail',
    'hint',
    'constraint',
    'column',
    'table',
    'schema',
    'severity',
    'position',
    'where',
    'routine',
  ]) {
    if (e[k] !== undefined) out[k] = e[k];
  }
  return out;
}

const reply = (id, result) => parentPort.postMessage({ id, ok: true, result });
const fail = (id, err) => parentPort.postMessage({ id, ok: false, error: errorOf(err) });

const run = (target, m) =>
  m.op === 'exec'
    ? target.exec(m.sql)
    : target.query(m.sql, m.params ?? [], { rowMode: m.rowMode ?? 'object', parsers });

/** Open transactions: each is a PGlite transaction callback waiting for its next message. */
const txs = new Map();
let nextTx = 1;
class Rollback extends Error {}

function begin(id) {
  const txId = nextTx++;
  const box = { inbox: [], wake: undefined };
  txs.set(txId, box);
  const next = () => (box.inbox.length ? Promise.resolve(box.inbox.shift()) : new Promise((r) => (box.wake = r)));
  pg.transaction(async (tx) => {
    reply(id, txId);
    for (;;) {
      const m = await next();
      if (m.op === 'end') {
        if (!m.commit) {
          box.endId = m.id;
          throw new Rollback();
        }
        box.endId = m.id;
        return;
      }
      try {
        reply(m.id, await run(tx, m));
      } catch (err) {
        fail(m.id, err);
      }
    }
  }).then(
    () => {
      txs.delete(txId);
      reply(box.endId, null);
    },
    (err) => {
      txs.delete(txId);
      if (box.endId !== undefined) err instanceof Rollback ? reply(box.endId, null) : fail(box.endId, err);
      else fail(id, err);
    },
  );
}

parentPort.on('message', async (m) => {
  if (m.tx !== undefined) {
    const box = txs.get(m.tx);
    if (!box) return fail(m.id, new Error('Transaction is closed'));
    if (box.wake) {
      const wake = box.wake;
      box.wake = undefined;
      wake(m);
    } else box.inbox.push(m);
    return;
  }
  try {
    switch (m.op) {
      case 'query':
      case 'exec':
        return reply(m.id, await run(pg, m));
      case 'begin':
        return begin(m.id);
      case 'dump': {
        const blob = await pg.dumpDataDir(m.compression ?? 'none');
        const buf = await blob.arrayBuffer();
        return parentPort.postMessage({ id: m.id, ok: true, result: buf }, [buf]);
      }
      case 'close':
        await pg.close();
        reply(m.id, null);
        return parentPort.close();
      default:
        return fail(m.id, new Error(`unknown op ${m.op}`));
    }
  } catch (err) {
    fail(m.id, err);
  }
});
parentPort.postMessage({ ready: true });
