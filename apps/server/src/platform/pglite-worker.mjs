// The embedded database's thread. PGlite runs PostgreSQL (WASM) synchronously on the thread that calls it: on
// the main thread every query stops HTTP parsing, validation and responses for its whole duration. Here it has a
// thread of its own, so the server's two halves (HTTP + validation, SQL) use two cores. Plain JS so the worker
// needs no TypeScript loader; the main-thread side is platform/pglite-thread.ts.
//
// Messages in:  {id, op: 'query', sql, params, rowMode, tx?, lane?, deadline?} | {id, op: 'exec', sql, tx?, lane?, deadline?}
//               | {id, op: 'begin', lane?, deadline?} | {id, op: 'end', tx, commit} | {id, op: 'dump'} | {id, op: 'close'}
// Messages out: {id, ok: true, result} | {id, ok: false, error}
//
// PGlite has one connection and cannot interrupt a running statement (statement_timeout is accepted as a setting
// but never fires: its timer is a setTimeout on this very thread, which is blocked while the statement runs;
// measured: pg_sleep(3) under a 500 ms timeout ran 3.0 s). So the guard is in front of the connection
// (decision 25): every statement or transaction outside an open transaction waits in one queue here, ordered by
// lane (0 short: survey submit, ingest, sessions; 1 request: console; 2 background: jobs) and then by arrival,
// and one that waits past its deadline (a request's budget) is refused with SQLSTATE 57014 instead of running —
// at the deadline, by a timer, whenever this thread is free to run it.
// A background item waiting longer than AGING_MS is served like a request one, so jobs are delayed, never starved.
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

/** Opens a transaction; resolves when it has ended (committed or rolled back), so the queue waits for it. */
function begin(id) {
  const txId = nextTx++;
  const box = { inbox: [], wake: undefined };
  txs.set(txId, box);
  const next = () => (box.inbox.length ? Promise.resolve(box.inbox.shift()) : new Promise((r) => (box.wake = r)));
  return pg
    .transaction(async (tx) => {
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
    })
    .then(
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

const AGING_MS = 1000;
/** Statements and transactions waiting for the connection: {m, lane, at, seq}. */
const queue = [];
let busy = false;
let seq = 0;

/** The next item: the lowest lane (background items aged past AGING_MS count as requests), then the oldest. */
function takeNext() {
  const now = Date.now();
  let best = 0;
  let bestLane = Number.POSITIVE_INFINITY;
  for (let i = 0; i < queue.length; i++) {
    const q = queue[i];
    const lane = q.lane === 2 && now - q.at > AGING_MS ? 1 : q.lane;
    if (lane < bestLane || (lane === bestLane && q.seq < queue[best].seq)) {
      best = i;
      bestLane = lane;
    }
  }
  return queue.splice(best, 1)[0];
}

async function runTop(m) {
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
}

/** Refuses a queued item that waited past its deadline, as PostgreSQL's statement_timeout would (SQLSTATE 57014). */
function refuse({ m, at }) {
  fail(m.id, {
    code: '57014',
    message: `canceling statement due to statement timeout (waited ${Date.now() - at} ms for the embedded database)`,
  });
}

/** Runs queued items one at a time; a transaction holds the connection until it ends. */
async function pump() {
  if (busy) return;
  busy = true;
  try {
    while (queue.length) {
      // Messages that arrived while a statement blocked this thread are delivered only when the event loop turns:
      // let it turn once, so they are queued and ranked before the next item is picked.
      await new Promise((resolve) => setImmediate(resolve));
      const item = takeNext();
      const { m } = item;
      if (item.timer) clearTimeout(item.timer);
      if (m.deadline && Date.now() > m.deadline) {
        refuse(item);
        continue;
      }
      try {
        await runTop(m);
      } catch (err) {
        fail(m.id, err);
      }
    }
  } finally {
    busy = false;
  }
}

parentPort.on('message', (m) => {
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
  const item = { m, lane: m.lane ?? 2, at: Date.now(), seq: seq++, timer: undefined };
  // A request refused at its deadline, not when the connection frees: while a transaction (a job's) holds the
  // connection this thread is idle and the timer fires on time; while a statement blocks the thread it fires as
  // soon as the statement ends, and pump() refuses expired items before running them anyway.
  if (m.deadline) {
    item.timer = setTimeout(
      () => {
        const i = queue.indexOf(item);
        if (i >= 0) refuse(queue.splice(i, 1)[0]);
      },
      Math.max(0, m.deadline - item.at + 1),
    );
  }
  queue.push(item);
  void pump();
});
parentPort.postMessage({ ready: true });
