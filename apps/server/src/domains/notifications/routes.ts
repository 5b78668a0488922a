import {
  ZNotificationListResponse,
  ZNotificationPreferencesResponse,
  ZPushSubscriptionResponse,
  ZUnreadCountResponse,
  ZVapidPublicKeyResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, assertPerson, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { markAllRead, markRead } from './commands/mark-read.ts';
import { deletePushSubscription, savePushSubscription } from './commands/push-subscriptions.ts';
import { setPreferences } from './commands/set-preferences.ts';
import { presentNotification } from './presenter.ts';
import { listInbox, unreadCount } from './queries/inbox.ts';
import { loadPreferences } from './queries/preferences.ts';
import { ZInboxQuery, ZPreferencesUpdate, ZPushSubscriptionCreate, ZPushSubscriptionDelete } from './schema.ts';
import { vapidKeys } from './vapid.ts';

// The first tag is the API-key scope domain (platform/key-scopes.ts): notifications live under `alerts`.
const tags = ['alerts'];

/** The caller's notification centre, their channel preferences and their browsers' push subscriptions. */
export async function notificationRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your in-app notifications, newest first (paged); owners/admins also read the other channels’ outbox',
        querystring: ZInboxQuery,
        response: { 200: ZNotificationListResponse },
      },
      config: { dbLane: 'short' },
    },
    async (req) => {
      const actor = actorOf(req);
      const channel = req.query.channel ?? 'in_app';
      if (channel !== 'in_app') authorize(actor, 'alerts.write');
      const page = await listInbox(ctx.db, actor, {
        channel,
        unreadOnly: req.query.unread === 'true',
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return {
        items: page.items.map(presentNotification),
        nextCursor: page.nextCursor,
        unread: await unreadCount(ctx.db, actor),
      };
    },
  );

  r.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of your in-app notifications are unread (the bell)',
        response: { 200: ZUnreadCountResponse },
      },
      config: { dbLane: 'short' },
    },
    async (req) => ({ unread: await unreadCount(ctx.db, actorOf(req)) }),
  );

  r.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await inTransaction(ctx, (tx) => markRead(tx, ctx.clock, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Mark all your notifications read', response: { 200: ZUnreadCountResponse } } },
    async (req) => {
      const actor = actorOf(req);
      await inTransaction(ctx, (tx) => markAllRead(tx, ctx.clock, actor));
      return { unread: 0 };
    },
  );

  r.get(
    '/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Your channels per notification kind',
        response: { 200: ZNotificationPreferencesResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      assertPerson(actor, 'Notification preferences');
      return loadPreferences(ctx.db, actor);
    },
  );

  r.put(
    '/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Switch channels per kind (only the listed choices change)',
        body: ZPreferencesUpdate,
        response: { 200: ZNotificationPreferencesResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      assertPerson(actor, 'Notification preferences');
      return inTransaction(ctx, async (tx) => {
        await setPreferences(tx, ctx.clock, actor, req.body.items);
        return loadPreferences(tx, actor);
      });
    },
  );

  r.get(
    '/push/vapid-public-key',
    {
      schema: {
        tags,
        summary: 'The application server key browsers subscribe to web push with',
        response: { 200: ZVapidPublicKeyResponse },
      },
    },
    async () => ({ publicKey: (await vapidKeys(ctx.db, ctx)).publicKey }),
  );

  r.post(
    '/push/subscriptions',
    {
      schema: {
        tags,
        summary: 'Receive web push in this browser (PushSubscription.toJSON())',
        body: ZPushSubscriptionCreate,
        response: { 201: ZPushSubscriptionResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertPerson(actor, 'Push subscriptions');
      const row = await inTransaction(ctx, (tx) => savePushSubscription(tx, ctx.clock, actor, req.body));
      return reply.code(201).send({ id: row.id, createdAt: new Date(row.created_at).toISOString() });
    },
  );

  r.delete(
    '/push/subscriptions',
    {
      schema: {
        tags,
        summary: 'Stop web push in this browser',
        body: ZPushSubscriptionDelete,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      assertPerson(actor, 'Push subscriptions');
      await inTransaction(ctx, (tx) => deletePushSubscription(tx, actor, req.body.endpoint));
      return reply.code(204).send();
    },
  );
}
