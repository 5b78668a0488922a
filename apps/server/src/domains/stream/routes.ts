import { actorOf, atTenantRoot } from '../../platform/auth.ts';
import type { BusEvent } from '../../platform/bus.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { pathInScope } from '../org/scope.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for open consoles: committed responses (for live tiles), ticket changes, export progress.
 * Only the caller's tenant, and only events inside their org subtree, are forwarded. On PostgreSQL the bus fans
 * events out across nodes with LISTEN/NOTIFY, so any web node can hold the stream.
 */
export async function streamRoutes(r: Router, ctx: AppContext) {
  // A stream never ends by itself: on shutdown (SIGTERM, a rolling deploy) the server ends each one, or closing
  // would wait for the consoles forever. EventSource reconnects after `retry`, through the load balancer to a node
  // that still runs.
  const open = new Set<() => void>();
  r.addHook('preClose', async () => {
    for (const end of open) end();
  });
  r.get(
    '/stream',
    { schema: { tags: ['stream'], summary: 'Server-Sent Events: responses, tickets, exports (scoped to you)' } },
    async (req, reply) => {
      const actor = actorOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 3000\n\n`);
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const inScope = (path?: string | null) => !path || pathInScope(actor, path);
      const unsubscribe = ctx.bus.subscribe((e: BusEvent) => {
        if (e.tenantId !== actor.tenantId || !inScope(e.orgPath)) return;
        if (e.type === 'responses.committed') {
          const items = e.data.items.filter((i) => pathInScope(actor, i.orgPath));
          if (items.length) send('responses', { items });
        } else if (e.type.startsWith('tickets.') && e.orgPath) send('tickets', { type: e.type, ...(e.data as object) });
        // A problem changed (a task moved, an escalation): its id only; the page refetches in the caller's scope.
        else if (e.type === 'problems.updated' && e.orgPath) send('problems', { id: e.data.id });
        // Export progress goes to the person who asked for it (and to owners/admins at the root), not to everyone.
        else if (e.type.startsWith('exports.')) {
          const by = (e.data as { requestedBy?: string }).requestedBy;
          if (by === actor.id || (atTenantRoot(actor) && (actor.role === 'owner' || actor.role === 'admin')))
            send('exports', e.data);
        } else if (e.type === 'events.committed') {
          // Only the counts of events in units the subscriber may see.
          const d = e.data;
          const types: Record<string, number> = {};
          for (const u of d.units)
            if (u.path ? pathInScope(actor, u.path) : atTenantRoot(actor))
              for (const [k, n] of Object.entries(u.types)) types[k] = (types[k] ?? 0) + n;
          if (Object.keys(types).length) send('events', { types });
        }
        // A new notification rings only its recipients' bells: the console refetches the count and the list.
        else if (e.type === 'notifications.created') {
          if (e.data.userIds.includes(actor.id)) send('notifications', { type: e.type });
        }
        // Text analysis finished, a correction, reanalysis progress: only the type (the text pages refetch in scope).
        else if (e.type.startsWith('text.')) send('text', { type: e.type });
      });
      const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(beat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      req.raw.on('close', end);
    },
  );
}
