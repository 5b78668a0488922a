import {
  ZProgrammeCreate,
  ZProgrammeListResponse,
  ZProgrammePreviewResponse,
  ZProgrammeResponse,
  ZProgrammeUpdate,
  ZProgrammeWaveListResponse,
  ZProgrammeWaveResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../../platform/routing.ts';
import { presentProgramme, presentWave } from './presenter.ts';
import { previewProgramme } from './preview.ts';
import { getProgramme, listProgrammes, listWaves } from './queries.ts';
import { createProgramme, deleteProgramme, runProgrammeNow, updateProgramme } from './save-programme.ts';

const tags = ['reach'];

/**
 * Programmes: recurring waves of invitations to a saved segment (tenant-wide configuration, reach.manage), their
 * wave history with counts, "run now" and a dry-run preview of who a wave would invite.
 */
export async function programmeRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/programmes',
    {
      schema: {
        tags,
        summary: 'Programmes (recurring survey waves to a segment)',
        response: { 200: ZProgrammeListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return { items: (await listProgrammes(ctx.db, actor)).map(presentProgramme) };
    },
  );
  r.post(
    '/programmes',
    {
      schema: {
        tags,
        summary:
          'Create a programme: a wave every `every` `unit`s from `startsAt` (until `endsAt`) inviting the members of a saved segment to a survey through a channel, sampled, with a cooldown, under the contact policy',
        body: ZProgrammeCreate,
        response: { 201: ZProgrammeResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const out = await inTransaction(ctx, async (tx) =>
        presentProgramme(await getProgramme(tx, actor, await createProgramme(ctx, tx, actor, req.body))),
      );
      return reply.code(201).send(out);
    },
  );
  r.get(
    '/programmes/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZProgrammeResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return presentProgramme(await getProgramme(ctx.db, actor, req.params.id));
    },
  );
  r.patch(
    '/programmes/:id',
    { schema: { tags, params: ZIdParams, body: ZProgrammeUpdate, response: { 200: ZProgrammeResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await updateProgramme(ctx, tx, actor, req.params.id, req.body);
        return presentProgramme(await getProgramme(tx, actor, req.params.id));
      });
    },
  );
  r.delete(
    '/programmes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a programme and its wave history (its invitations stay)',
        params: ZIdParams,
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      await inTransaction(ctx, (tx) => deleteProgramme(tx, actor, req.params.id));
      return { deleted: true as const };
    },
  );
  r.get(
    '/programmes/:id/waves',
    {
      schema: {
        tags,
        summary: 'The programme’s waves, newest first, with invitations sent / suppressed (by reason) / completed',
        params: ZIdParams,
        response: { 200: ZProgrammeWaveListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      await getProgramme(ctx.db, actor, req.params.id);
      return { items: (await listWaves(ctx.db, actor, req.params.id)).map(presentWave) };
    },
  );
  r.post(
    '/programmes/:id/run-now',
    {
      schema: {
        tags,
        summary: 'Start a wave now, outside the schedule (the schedule is unchanged); answers the wave',
        params: ZIdParams,
        response: { 202: ZProgrammeWaveResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const wave = await inTransaction(ctx, async (tx) => {
        const waveId = await runProgrammeNow(ctx, tx, actor, req.params.id);
        return (await listWaves(tx, actor, req.params.id, 50)).find((w) => w.id === waveId);
      });
      wakeWorkers(ctx);
      return reply.code(202).send(presentWave(wave as NonNullable<typeof wave>));
    },
  );
  r.post(
    '/programmes/:id/preview',
    {
      schema: {
        tags,
        summary:
          'Dry run: who a wave started now would invite, and who would be suppressed and why (nothing is written)',
        params: ZIdParams,
        response: { 200: ZProgrammePreviewResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return previewProgramme(ctx, actor, req.params.id);
    },
  );
}
