import {
  uiLangOf,
  ZNewPanel,
  ZNewPanelTask,
  ZPanel,
  ZPanelList,
  ZPanelMemberDetail,
  ZPanelMemberList,
  ZPanelMemberListQuery,
  ZPanelMemberPatch,
  ZPanelPatch,
  ZPanelReview,
  ZPanelSubmission,
  ZPanelSubmissionList,
  ZPanelSubmissionListQuery,
  ZPanelTaskCreated,
  ZPanelTaskList,
} from '@loopcx/shared';
import QRCode from 'qrcode';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { openStoredFile } from '../../platform/file-store.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { diaryEntriesOf } from './commands/diary.ts';
import { createPanel, updatePanel } from './commands/panels.ts';
import { panelName, reviewSubmission } from './commands/review.ts';
import { createTask } from './commands/tasks.ts';
import { authorizeManagePanel, authorizeReadPanel, authorizeReviewPanel } from './policy.ts';
import { presentMember, presentPanel, presentSubmission, presentTask } from './presenter.ts';
import {
  getMember,
  getPanel,
  getSubmission,
  getTask,
  listMembers,
  listPanels,
  listSubmissions,
  listTasks,
  memberLedger,
  photosOf,
} from './queries.ts';
import { joinUrl, portalUrl } from './tokens.ts';

// Panel routes belong to the customers API scope: its members are customers, read and run with the customers abilities.
const tags = ['customers'];
const iso = (d: string | Date) => new Date(d).toISOString();

/** The console's panel routes: panels, members, tasks and the review queue. */
export async function panelRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/panels',
    { schema: { tags, summary: 'The tenant’s panels with member counts', response: { 200: ZPanelList } } },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      return { items: (await listPanels(ctx.db, actor.tenantId)).map((p) => presentPanel(ctx, actor.tenantId, p)) };
    },
  );

  r.post(
    '/panels',
    {
      schema: {
        tags,
        summary: 'Create a panel (screener, pass rule, tiers)',
        body: ZNewPanel,
        response: { 201: ZPanel },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = await inTransaction(ctx, async (tx) => {
        const id = await createPanel(tx, actor, req.body, ctx.clock.now());
        return presentPanel(ctx, actor.tenantId, await getPanel(tx, actor.tenantId, id));
      });
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/panels/:id',
    { schema: { tags, summary: 'A panel', params: ZIdParams, response: { 200: ZPanel } } },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      return presentPanel(ctx, actor.tenantId, await getPanel(ctx.db, actor.tenantId, req.params.id));
    },
  );

  r.patch(
    '/panels/:id',
    {
      schema: {
        tags,
        summary: 'Edit a panel (new tiers re-tier its members)',
        params: ZIdParams,
        body: ZPanelPatch,
        response: { 200: ZPanel },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await updatePanel(tx, actor, req.params.id, req.body, ctx.clock.now());
        return presentPanel(ctx, actor.tenantId, await getPanel(tx, actor.tenantId, req.params.id));
      });
    },
  );

  r.get(
    '/panels/:id/qr',
    {
      schema: {
        tags,
        summary: 'QR code (PNG) of a panel’s recruitment link, for posters and WeChat/Weibo shares',
        params: ZIdParams,
        querystring: z.object({ size: z.coerce.number().int().min(64).max(1024).default(256) }).strict(),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      const p = await getPanel(ctx.db, actor.tenantId, req.params.id);
      reply.header('cache-control', 'private, no-store');
      return reply.type('image/png').send(
        await QRCode.toBuffer(joinUrl(ctx, actor.tenantId, p.id), {
          width: req.query.size,
          margin: 2,
          errorCorrectionLevel: 'M',
        }),
      );
    },
  );

  r.get(
    '/panels/:id/members',
    {
      schema: {
        tags,
        summary: 'Members of a panel (points first), filtered by status, tier or name; 50 a page',
        params: ZIdParams,
        querystring: ZPanelMemberListQuery,
        response: { 200: ZPanelMemberList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      await getPanel(ctx.db, actor.tenantId, req.params.id);
      const list = await listMembers(ctx.db, actor, req.params.id, req.query);
      return { items: list.items.map(presentMember), total: list.total, page: req.query.page };
    },
  );

  const memberDetail = async (ex: typeof ctx.db, actor: ReturnType<typeof actorOf>, id: string) => {
    const m = await getMember(ex, actor, id);
    const ledger = await memberLedger(ex, actor.tenantId, m.id);
    const assignments = await rows<{ id: string; task_id: string; title: string; status: 'assigned'; due_at: string }>(
      ex,
      sql`SELECT a.id, a.task_id, t.title, a.status, a.due_at FROM panel_task_assignments a
          JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
          WHERE a.tenant_id = ${actor.tenantId} AND a.member_id = ${m.id} ORDER BY a.due_at DESC LIMIT 100`,
    );
    const manage = actor.role === 'owner' || actor.role === 'admin';
    return {
      member: presentMember(m),
      screenerAnswers: m.screener_answers,
      ledger: ledger.map((l) => ({
        id: l.id,
        delta: l.delta,
        reason: l.reason,
        referenceId: l.reference_id,
        note: l.note,
        createdAt: iso(l.created_at),
      })),
      assignments: assignments.map((a) => ({
        id: a.id,
        taskId: a.task_id,
        title: a.title,
        status: a.status,
        dueAt: iso(a.due_at),
      })),
      portalUrl: manage && m.status === 'active' ? portalUrl(ctx, actor.tenantId, m.id, m.token_version) : null,
    };
  };

  r.get(
    '/panel-members/:id',
    {
      schema: {
        tags,
        summary: 'A member with the points ledger, tasks and (for managers) the portal link',
        params: ZIdParams,
        response: { 200: ZPanelMemberDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      return memberDetail(ctx.db, actor, req.params.id);
    },
  );

  r.patch(
    '/panel-members/:id',
    {
      schema: {
        tags,
        summary: 'Accept, reject or remove a member, or rotate their portal link (the old link stops working)',
        params: ZIdParams,
        body: ZPanelMemberPatch,
        response: { 200: ZPanelMemberDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManagePanel(actor);
      const now = ctx.clock.now();
      return inTransaction(ctx, async (tx) => {
        const m = await getMember(tx, actor, req.params.id, { lock: true });
        const status = req.body.status ?? m.status;
        const bump = req.body.rotateLink || (status === 'left' && m.status !== 'left');
        if (bump && m.token_version >= 255) throw conflict('This member’s link was rotated too often');
        await tx.execute(
          sql`UPDATE panel_members SET status = ${status},
                joined_at = ${status === 'active' && !m.joined_at ? now.toISOString() : m.joined_at ? iso(m.joined_at) : null},
                left_at = ${status === 'left' ? now.toISOString() : null},
                token_version = token_version + ${bump ? 1 : 0}
              WHERE tenant_id = ${actor.tenantId} AND id = ${m.id}`,
        );
        await audit(tx, actor, 'panel.member.update', 'panel_member', m.id, req.body, { status: m.status });
        return memberDetail(tx, actor, m.id);
      });
    },
  );

  r.get(
    '/panels/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks of a panel with assignment counts',
        params: ZIdParams,
        response: { 200: ZPanelTaskList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      await getPanel(ctx.db, actor.tenantId, req.params.id);
      return { items: (await listTasks(ctx.db, actor, req.params.id)).map(presentTask) };
    },
  );

  r.post(
    '/panels/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task and assign it (all active members, some tiers, or listed members)',
        params: ZIdParams,
        body: ZNewPanelTask,
        response: { 201: ZPanelTaskCreated },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = await inTransaction(ctx, async (tx) => {
        const made = await createTask(tx, actor, req.params.id, req.body, ctx.clock.now());
        return { task: presentTask(await getTask(tx, actor, made.id)), assigned: made.assigned };
      });
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/panel-submissions',
    {
      schema: {
        tags,
        summary: 'Submissions of tasks in the caller’s scope: pending review (default), reviewed or all; 50 a page',
        querystring: ZPanelSubmissionListQuery,
        response: { 200: ZPanelSubmissionList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      const list = await listSubmissions(ctx.db, actor, req.query);
      const ids = list.items.map((s) => s.assignment_id);
      const photos = await photosOf(ctx.db, actor.tenantId, ids);
      // A diary's entries are shown through its submission: the task's scope (taskScope) is their boundary.
      const entries = await diaryEntriesOf(ctx.db, actor.tenantId, ids, uiLangOf(actor.locale));
      return {
        items: list.items.map((s) =>
          presentSubmission(
            s,
            photos.filter((p) => p.assignment_id === s.assignment_id),
            entries.get(s.assignment_id),
          ),
        ),
        total: list.total,
        page: req.query.page,
      };
    },
  );

  r.post(
    '/panel-submissions/:id/review',
    {
      schema: {
        tags,
        summary: 'Approve (points via the ledger, tier, a feedback item of the report) or reject with a note',
        params: ZIdParams,
        body: ZPanelReview,
        response: { 200: ZPanelSubmission },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReviewPanel(actor);
      return inTransaction(ctx, async (tx) => {
        const s = await getSubmission(tx, actor, req.params.id, { lock: true });
        await reviewSubmission(
          tx,
          actor,
          s,
          req.body,
          await panelName(tx, actor.tenantId, s.panel_id),
          ctx.clock.now(),
        );
        const after = await getSubmission(tx, actor, s.id);
        const entries = await diaryEntriesOf(tx, actor.tenantId, [s.assignment_id], uiLangOf(actor.locale));
        return presentSubmission(
          after,
          await photosOf(tx, actor.tenantId, [s.assignment_id]),
          entries.get(s.assignment_id),
        );
      });
    },
  );

  r.get(
    '/panel-submissions/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of a submission (the image, with the type its bytes were checked as)',
        params: ZIdParams.extend({ photoId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeReadPanel(actor);
      const s = await getSubmission(ctx.db, actor, req.params.id);
      const p = await one<{ file_ref: string; content_type: string }>(
        ctx.db,
        sql`SELECT file_ref, content_type FROM panel_photos WHERE tenant_id = ${actor.tenantId} AND assignment_id = ${s.assignment_id} AND id = ${req.params.photoId}`,
      );
      const body = p && (await openStoredFile(ctx, actor.tenantId, p.file_ref));
      if (!p || !body) throw new AppError('not_found', 'Photo not found');
      reply.header('cache-control', 'private, max-age=3600');
      return reply.type(p.content_type).send(body);
    },
  );
}
