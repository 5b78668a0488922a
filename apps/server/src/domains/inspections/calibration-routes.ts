import { ZAudit, ZCalibrationQuery, ZCalibrationReport, ZNewCalibration } from '@loopcx/shared';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { assignCalibration } from './commands/assign-calibration.ts';
import { presentAudit } from './presenter.ts';
import { getAudit } from './queries/audits.ts';
import { calibrationReport } from './queries/calibration.ts';

const tags = ['inspections'];

/** Calibration: a second inspector on the same visit, and the agreement (Cohen's κ) of inspectors. */
export async function calibrationRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/audits/calibration',
    {
      schema: {
        tags,
        summary:
          "Inspector agreement (Cohen's κ over pass/fail/na) on a checklist's calibration pairs: overall, per item, per inspector",
        querystring: ZCalibrationQuery,
        response: { 200: ZCalibrationReport },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return calibrationReport(ctx.db, actor, req.query);
    },
  );

  r.post(
    '/audits/:id/calibration',
    {
      schema: {
        tags,
        summary:
          'Assign a calibration partner: a second inspector audits the same unit against the same checklist version',
        params: ZIdParams,
        body: ZNewCalibration,
        response: { 201: ZAudit },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.write');
      const a = await inTransaction(ctx, async (tx) => {
        const original = await getAudit(tx, actor, req.params.id, { lock: true });
        return getAudit(tx, actor, await assignCalibration(tx, actor, original, req.body, ctx.clock.now()));
      });
      return reply.code(201).send(presentAudit(a));
    },
  );
}
