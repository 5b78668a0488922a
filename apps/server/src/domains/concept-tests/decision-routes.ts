import { ZGateEvidence, ZGateOverride, ZGateRecord, ZGateRecordList } from '@loopcx/shared';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { overrideDecision, recordDecision } from './commands/record-decision.ts';
import { authorizeReadConceptTests } from './policy.ts';
import { presentDecision } from './presenter.ts';
import { getConceptTest, listDecisions } from './queries/concept-tests.ts';
import { gateEvidence } from './queries/gate-evidence.ts';
import { tags } from './routes.ts';

/** The launch gate: the live decision, recording it immutably, overriding it with a justification, the history. */
export async function decisionRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/concept-tests/:id/decision',
    {
      schema: {
        tags,
        summary:
          'The live gate decision (not stored): launch when the Wilson lower bound ≥ threshold, veto when the upper bound < threshold, insufficient below minN or when the interval straddles; with its evidence',
        params: ZIdParams,
        response: { 200: ZGateEvidence },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadConceptTests(actor);
      const t = await getConceptTest(ctx.readDb, actor, req.params.id);
      return gateEvidence(ctx.readDb, actor, t, ctx.clock.now());
    },
  );

  r.get(
    '/concept-tests/:id/decisions',
    {
      schema: {
        tags,
        summary: 'The recorded decisions of a test, oldest first (computed ones and overrides with justifications)',
        params: ZIdParams,
        response: { 200: ZGateRecordList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadConceptTests(actor);
      const t = await getConceptTest(ctx.db, actor, req.params.id);
      return { items: (await listDecisions(ctx.db, actor, t.id)).map(presentDecision) };
    },
  );

  r.post(
    '/concept-tests/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Record the live decision with its evidence; records are never changed (the status is the latest)',
        params: ZIdParams,
        response: { 201: ZGateRecord },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rec = await inTransaction(ctx, async (tx) => {
        const t = await getConceptTest(tx, actor, req.params.id, { lock: true });
        const id = await recordDecision(tx, actor, t, ctx.clock.now());
        return (await listDecisions(tx, actor, t.id)).find((d) => d.id === id)!;
      });
      return reply.code(201).send(presentDecision(rec));
    },
  );

  r.post(
    '/concept-tests/:id/override',
    {
      schema: {
        tags,
        summary:
          'Override the recorded decision with another and a justification (≥ 20 characters): a new audited record referencing the computed one',
        params: ZIdParams,
        body: ZGateOverride,
        response: { 201: ZGateRecord },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const rec = await inTransaction(ctx, async (tx) => {
        const t = await getConceptTest(tx, actor, req.params.id, { lock: true });
        const id = await overrideDecision(tx, actor, t, req.body, ctx.clock.now());
        return (await listDecisions(tx, actor, t.id)).find((d) => d.id === id)!;
      });
      return reply.code(201).send(presentDecision(rec));
    },
  );
}
