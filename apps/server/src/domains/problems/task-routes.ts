import { ZProblemDetailResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, forbidden, invalid } from '../../platform/errors.ts';
import { deleteStoredFile, openStoredFile } from '../../platform/file-store.ts';
import type { Router } from '../../platform/routing.ts';
import { changeProblem, changeTask } from './change-problem.ts';
import { addEvidence, assertCanAddEvidence, storeEvidenceFile } from './commands/add-evidence.ts';
import { addTasks } from './commands/add-tasks.ts';
import { reportProgress, type TaskTransition, transitionTask } from './commands/transition-task.ts';
import { checkEvidenceFile, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, safeFileName } from './evidence-file.ts';
import { getEvidence } from './queries/get-evidence.ts';
import { getProblem } from './queries/get-problem.ts';
import { getTask } from './queries/get-task.ts';
import { canManage } from './queries/problem-detail.ts';

const tags = ['problems'];

/** A task as POST /problems and POST /problems/:id/tasks take it: for a team or an org unit, exactly one. */
export const ZNewTask = z
  .object({
    teamId: z.uuid().optional(),
    orgUnitId: z.uuid().optional(),
    title: z.string().trim().min(1).max(300),
    dueAt: z.iso.datetime({ offset: true }),
  })
  // "A team or a unit, one of them" is checked by addTasks, after the problem is loaded: another tenant's id is a
  // 404 whatever the body.
  .strict();

/** The evidence route's body: the base64 of the largest file plus room for the rest of the JSON. */
const EVIDENCE_BODY_LIMIT = Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 64 * 1024;

const ZTaskParams = z.object({ id: z.uuid(), taskId: z.uuid() });

/** Tasks of a problem: add, report progress, attach evidence, submit, accept, return. */
export async function problemTaskRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/problems/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Add tasks to an open problem (its owner)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ tasks: z.array(ZNewTask).min(1).max(50) }).strict(),
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.write');
      return changeProblem(ctx, actor, req.params.id, async (tx, p, now) => {
        if (!canManage(actor, p)) throw forbidden('Only the problem’s owner may add tasks');
        if (p.status !== 'open') throw new AppError('conflict', 'The problem is closed');
        await addTasks(tx, actor, p.id, req.body.tasks, now);
      });
    },
  );

  r.post(
    '/problems/:id/tasks/:taskId/progress',
    {
      schema: {
        tags,
        summary: 'Report progress (0–100) with an optional note on a task you work on',
        params: ZTaskParams,
        body: z
          .object({ progress: z.number().int().min(0).max(100), note: z.string().trim().min(1).max(5000).optional() })
          .strict(),
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      return changeTask(ctx, actor, req.params.id, req.params.taskId, (tx, p, task, now) =>
        reportProgress(tx, actor, p, task, req.body, now),
      );
    },
  );

  for (const move of ['submit', 'accept', 'return'] as const satisfies TaskTransition[]) {
    r.post(
      `/problems/:id/tasks/:taskId/${move}`,
      {
        schema: {
          tags,
          summary:
            move === 'submit'
              ? 'Submit a task as done (its team or unit); the problem owner then accepts or returns it'
              : move === 'accept'
                ? 'Accept a submitted task (the problem owner)'
                : 'Return a submitted task with a reason (the problem owner)',
          params: ZTaskParams,
          body:
            move === 'return'
              ? z.object({ reason: z.string().trim().min(1).max(2000) }).strict()
              : z
                  .object({ note: z.string().trim().min(1).max(5000).optional() })
                  .strict()
                  // A POST without a body arrives as null.
                  .nullish(),
          response: { 200: ZProblemDetailResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, move === 'submit' ? 'problems.read' : 'problems.write');
        const body = (req.body ?? {}) as { reason?: string; note?: string };
        return changeTask(ctx, actor, req.params.id, req.params.taskId, (tx, p, task, now) =>
          transitionTask(tx, actor, p, task, move, now, body),
        );
      },
    );
  }

  r.post(
    '/problems/:id/tasks/:taskId/evidence',
    {
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: {
        tags,
        summary: `Attach evidence to a task you work on: a note and/or a file (base64; ${Object.keys(EVIDENCE_TYPES).join(', ')}; at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB)`,
        params: ZTaskParams,
        body: z
          .object({
            note: z.string().trim().min(1).max(5000).optional(),
            file: z
              .object({
                name: z.string().trim().min(1).max(200),
                contentType: z.string().min(1).max(100),
                // Bounded by the route's body limit; the decoded size is checked against MAX_EVIDENCE_BYTES (413).
                data: z.string().min(1).max(EVIDENCE_BODY_LIMIT),
              })
              .strict()
              .optional(),
          })
          .strict(),
        response: { 201: ZProblemDetailResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      const now = ctx.clock.now();
      // Authorise before the file is checked and stored (the store cannot run inside the transaction; see
      // storeEvidenceFile): another tenant's ids are a 404 whatever the body.
      const before = await getProblem(ctx.db, actor, req.params.id, now);
      assertCanAddEvidence(before, await getTask(ctx.db, actor, before.id, req.params.taskId));
      if (!req.body.note && !req.body.file) throw invalid('note', 'give a note or a file');
      const bytes = req.body.file ? checkEvidenceFile(req.body.file) : undefined;
      const stored = bytes && req.body.file ? await storeEvidenceFile(ctx, actor.tenantId, bytes) : undefined;
      const record = () =>
        changeTask(ctx, actor, req.params.id, req.params.taskId, (tx, p, task, at) =>
          addEvidence(
            tx,
            actor,
            p,
            task,
            {
              note: req.body.note,
              file:
                stored && req.body.file && bytes
                  ? { ...stored, name: req.body.file.name, contentType: req.body.file.contentType, size: bytes.length }
                  : undefined,
            },
            at,
          ),
        );
      // The file was stored before the transaction; if recording it fails (the task was accepted or the problem
      // closed meanwhile), nothing would name it: it is deleted rather than left in the store.
      const detail = await record().catch(async (err) => {
        if (stored) await deleteStoredFile(ctx, actor.tenantId, stored.ref).catch(() => {});
        throw err;
      });
      return reply.code(201).send(detail);
    },
  );

  r.get(
    '/problems/:id/tasks/:taskId/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download an evidence file (as an attachment, with the type it was checked as)',
        params: ZTaskParams.extend({ evidenceId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      const p = await getProblem(ctx.db, actor, req.params.id, ctx.clock.now());
      const task = await getTask(ctx.db, actor, p.id, req.params.taskId);
      const e = await getEvidence(ctx.db, actor.tenantId, task.id, req.params.evidenceId);
      const body = await openStoredFile(ctx, actor.tenantId, e.file_ref);
      if (!body) throw new AppError('not_found', 'Evidence file not found');
      const spec = EVIDENCE_TYPES[e.content_type] ?? { ext: 'bin' };
      const name = safeFileName(e.file_name ?? '', spec.ext);
      reply.header('content-disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${name.utf8}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type(EVIDENCE_TYPES[e.content_type] ? e.content_type : 'application/octet-stream').send(body);
    },
  );
}
