import type { TBlueprintGraph } from '@loopcx/shared';
import { invalid } from '../../platform/errors.ts';

/**
 * The shape rules of a process drawing, checked before anything is stored: unique node ids, exactly one start, at
 * least one end, lanes listed once and every node in a listed lane, edges between existing nodes (no self-loops,
 * none twice, none into the start or out of an end), every node reachable from the start, and every decision with
 * at least two outgoing branches. Throws a 422 naming the first broken rule.
 */
export function validateGraph(g: TBlueprintGraph): void {
  const ids = new Set<string>();
  for (const n of g.nodes) {
    if (ids.has(n.id)) throw invalid('nodes', `node id "${n.id}" is used twice`);
    ids.add(n.id);
  }
  if (new Set(g.lanes).size !== g.lanes.length) throw invalid('lanes', 'a team is listed as a lane twice');
  const lanes = new Set(g.lanes);
  const laneless = g.nodes.find((n) => !lanes.has(n.lane));
  if (laneless) throw invalid('nodes', `node "${laneless.id}" is in a lane that is not listed`);
  const starts = g.nodes.filter((n) => n.kind === 'start');
  if (starts.length !== 1) throw invalid('nodes', `a process has exactly one start node (found ${starts.length})`);
  if (!g.nodes.some((n) => n.kind === 'end')) throw invalid('nodes', 'a process has at least one end node');

  const kind = new Map(g.nodes.map((n) => [n.id, n.kind]));
  const out = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of g.edges) {
    if (!kind.has(e.from) || !kind.has(e.to))
      throw invalid('edges', `edge ${e.from} → ${e.to} names a node that does not exist`);
    if (e.from === e.to) throw invalid('edges', `edge ${e.from} → ${e.to} loops on one node`);
    if (seen.has(`${e.from}\n${e.to}`)) throw invalid('edges', `edge ${e.from} → ${e.to} is drawn twice`);
    if (kind.get(e.to) === 'start') throw invalid('edges', `edge ${e.from} → ${e.to} leads into the start`);
    if (kind.get(e.from) === 'end') throw invalid('edges', `edge ${e.from} → ${e.to} leaves an end node`);
    seen.add(`${e.from}\n${e.to}`);
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  }
  const decision = g.nodes.find((n) => n.kind === 'decision' && (out.get(n.id)?.length ?? 0) < 2);
  if (decision) throw invalid('edges', `decision "${decision.id}" needs at least two outgoing branches`);

  const reached = new Set([starts[0].id]);
  const queue = [starts[0].id];
  while (queue.length) {
    for (const next of out.get(queue.shift()!) ?? [])
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
  }
  const lost = g.nodes.find((n) => !reached.has(n.id));
  if (lost) throw invalid('edges', `node "${lost.id}" cannot be reached from the start`);
}
