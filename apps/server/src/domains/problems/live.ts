import type { AppContext } from '../../platform/context.ts';

/**
 * Tells open consoles that a problem changed (call after commit): the event carries the problem's unit path, so
 * the stream forwards it to callers whose scope holds that unit; their pages refetch what they may see.
 */
export function publishProblem(
  ctx: AppContext,
  tenantId: string,
  p: { id: string; unit_path: string },
  taskId?: string,
) {
  ctx.bus.publish({
    tenantId,
    type: 'problems.updated',
    orgPath: p.unit_path,
    data: { id: p.id, ...(taskId ? { taskId } : {}), kind: 'changed' },
  });
}
