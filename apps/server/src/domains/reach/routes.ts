import {
  ZChannelCreatedResponse,
  ZChannelListResponse,
  ZChannelResponse,
  ZChannelTestResponse,
  ZContactPolicyResponse,
  ZInvitationFunnelResponse,
  ZInvitationListResponse,
  ZInvitationResponse,
  ZTriggerDryRunResponse,
  ZTriggerListResponse,
  ZTriggerResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { resendInvitation } from './commands/resend-invitation.ts';
import { createChannel, deleteChannel, updateChannel } from './commands/save-channel.ts';
import { saveContactPolicy } from './commands/save-contact-policy.ts';
import { createTrigger, deleteTrigger, updateTrigger } from './commands/save-trigger.ts';
import { testChannel } from './commands/test-channel.ts';
import { loadTenantPolicy } from './policy.ts';
import { presentChannel, presentInvitation, presentTrigger } from './presenter.ts';
import { getChannel, listChannels } from './queries/channels.ts';
import { dryRunTrigger } from './queries/dry-run.ts';
import { invitationFunnel } from './queries/funnel.ts';
import { getInvitation, listInvitations } from './queries/invitations.ts';
import { getTrigger, listTriggers } from './queries/triggers.ts';
import {
  ZChannelCreate,
  ZChannelTestBody,
  ZChannelUpdate,
  ZDryRunBody,
  ZFunnelQuery,
  ZInvitationListQuery,
  ZPolicyInput,
  ZTriggerCreate,
  ZTriggerUpdate,
} from './schema.ts';

const tags = ['reach'];
const ZDeleted = z.object({ deleted: z.literal(true) });

/**
 * Reach: channels (where invitations go out), trigger rules (which events invite whom to which survey), the contact
 * policy, and the invitations with their lifecycle and funnel. Configuration is tenant-wide (reach.manage);
 * invitations are read within the caller's unit subtree.
 */
export async function reachRoutes(r: Router, ctx: AppContext) {
  // --- channels
  r.get(
    '/channels',
    { schema: { tags, summary: 'Sending channels (never their secrets)', response: { 200: ZChannelListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return { items: (await listChannels(ctx.db, actor)).map(presentChannel) };
    },
  );
  r.post(
    '/channels',
    {
      schema: {
        tags,
        summary:
          'Create a channel: `webhook` (a signed Standard Webhooks gateway; its secret whsec_… is answered once) or another kind with an adapter in this build (422 "channel kind not available" otherwise)',
        body: ZChannelCreate,
        response: { 201: ZChannelCreatedResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const out = await inTransaction(ctx, async (tx) => {
        const { id, secret } = await createChannel(tx, actor, ctx.config.secret, req.body);
        return { ...presentChannel(await getChannel(tx, actor, id)), ...(secret ? { secret } : {}) };
      });
      return reply.code(201).send(out);
    },
  );
  r.get('/channels/:id', { schema: { tags, params: ZIdParams, response: { 200: ZChannelResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'reach.manage');
    return presentChannel(await getChannel(ctx.db, actor, req.params.id));
  });
  r.patch(
    '/channels/:id',
    { schema: { tags, params: ZIdParams, body: ZChannelUpdate, response: { 200: ZChannelResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await updateChannel(tx, actor, ctx.config.secret, req.params.id, req.body);
        return presentChannel(await getChannel(tx, actor, req.params.id));
      });
    },
  );
  r.delete(
    '/channels/:id',
    {
      schema: {
        tags,
        summary: 'Delete a channel no trigger uses (409 otherwise)',
        params: ZIdParams,
        response: { 200: ZDeleted },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      await inTransaction(ctx, (tx) => deleteChannel(tx, actor, req.params.id));
      return { deleted: true as const };
    },
  );

  r.post(
    '/channels/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a sample invitation through the channel and say what the gateway answered (nothing is written)',
        description:
          'Optional body `{email?, phone?, wechatOpenid?}`: the address the sample goes to (email, SMS and WeChat channels need one; a webhook gateway receives it among the identities).',
        params: ZIdParams,
        body: ZChannelTestBody.nullish(),
        response: { 200: ZChannelTestResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return testChannel(ctx, actor, req.params.id, req.body ?? {});
    },
  );

  // --- triggers
  r.get(
    '/triggers',
    { schema: { tags, summary: 'Trigger rules', response: { 200: ZTriggerListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return { items: (await listTriggers(ctx.db, actor)).map(presentTrigger) };
    },
  );
  r.post(
    '/triggers',
    {
      schema: {
        tags,
        summary:
          'Create a trigger: on an event type (and a SurveyJS condition over its properties) invite its customer to a survey through a channel, after a delay, sampled, with an expiry, the event properties mapped into the survey context',
        description:
          "Condition variables: each event property by name (`{categories} contains 'fresh'`, `{amount} > 100`), `{value}`, `{type}`. `context`: survey context key → event property path. `recipient`: `email`/`phone` → event property path. `policy`: overrides of the tenant contact policy. A malformed condition or mapping is 422 naming the field.",
        body: ZTriggerCreate,
        response: { 201: ZTriggerResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const out = await inTransaction(ctx, async (tx) => {
        const id = await createTrigger(tx, actor, req.body);
        return presentTrigger(await getTrigger(tx, actor, id));
      });
      return reply.code(201).send(out);
    },
  );
  r.get('/triggers/:id', { schema: { tags, params: ZIdParams, response: { 200: ZTriggerResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'reach.manage');
    return presentTrigger(await getTrigger(ctx.db, actor, req.params.id));
  });
  r.patch(
    '/triggers/:id',
    { schema: { tags, params: ZIdParams, body: ZTriggerUpdate, response: { 200: ZTriggerResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await updateTrigger(tx, actor, req.params.id, req.body);
        return presentTrigger(await getTrigger(tx, actor, req.params.id));
      });
    },
  );
  r.delete(
    '/triggers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a trigger (its invitations stay)',
        params: ZIdParams,
        response: { 200: ZDeleted },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      await inTransaction(ctx, (tx) => deleteTrigger(tx, actor, req.params.id));
      return { deleted: true as const };
    },
  );
  r.post(
    '/triggers/:id/dry-run',
    {
      schema: {
        tags,
        summary:
          'Which recent events of the trigger’s type would fire, send or be suppressed (and why), and the survey context each customer would get; nothing is written',
        params: ZIdParams,
        body: ZDryRunBody,
        response: { 200: ZTriggerDryRunResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const trigger = await getTrigger(ctx.db, actor, req.params.id);
      return dryRunTrigger(ctx, actor, trigger, req.body.limit);
    },
  );

  // --- contact policy
  r.get(
    '/contact-policy',
    { schema: { tags, summary: 'The tenant-wide contact policy', response: { 200: ZContactPolicyResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return loadTenantPolicy(ctx.db, actor.tenantId);
    },
  );
  r.put(
    '/contact-policy',
    {
      schema: {
        tags,
        summary:
          'Replace the tenant-wide contact policy: at most N invitations per rolling window, at least D days between, none while a ticket is open (opt-out is always honoured)',
        body: ZPolicyInput,
        response: { 200: ZContactPolicyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await saveContactPolicy(tx, actor, req.body);
        return loadTenantPolicy(tx, actor.tenantId);
      });
    },
  );

  // --- invitations
  r.get(
    '/invitations',
    {
      schema: {
        tags,
        summary:
          'Invitations in your scope, newest first: filter by customer (member id or profile id), trigger, survey, channel, status',
        querystring: ZInvitationListQuery,
        response: { 200: ZInvitationListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'invitations.read');
      const page = await listInvitations(ctx.db, actor, ctx.clock.now(), req.query);
      return { items: page.items.map((i) => presentInvitation(ctx, i)), nextCursor: page.nextCursor };
    },
  );
  r.get(
    '/invitations/funnel',
    {
      schema: {
        tags,
        summary: 'Response-rate funnel sent → opened → started → completed by channel, unit, touchpoint or survey',
        querystring: ZFunnelQuery,
        response: { 200: ZInvitationFunnelResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'invitations.read');
      return invitationFunnel(ctx.db, actor, req.query);
    },
  );
  r.get(
    '/invitations/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZInvitationResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'invitations.read');
      return presentInvitation(ctx, await getInvitation(ctx.db, actor, ctx.clock.now(), req.params.id));
    },
  );
  r.post(
    '/invitations/:id/resend',
    {
      schema: {
        tags,
        summary: 'Send a failed or unanswered invitation again (never after opt-out, a response or expiry)',
        params: ZIdParams,
        response: { 200: ZInvitationResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'invitations.write');
      const out = await inTransaction(ctx, async (tx) => {
        await resendInvitation(tx, actor, ctx.clock.now(), req.params.id);
        return presentInvitation(ctx, await getInvitation(tx, actor, ctx.clock.now(), req.params.id));
      });
      wakeWorkers(ctx);
      return out;
    },
  );
}
