import type { Blueprint, BlueprintNode } from './api.ts';
import { STAGES } from './api.ts';

export const LEFT = 150;
export const COL = 176;
export const ROW = 156;
export const TOP = 8;
/** The shape's half width and its centre's offset from the top of the row. */
export const HALF = 66;
export const SHAPE_Y = 34;

export interface Row {
  stage: BlueprintNode['stage'];
  lane: string;
  y: number;
}

export interface Placed {
  node: BlueprintNode;
  x: number;
  /** Centre of the shape. */
  y: number;
}

/**
 * Where each node goes on the swimlane diagram: a row per stage band (front above the line of visibility, then back
 * stage, then support) and lane (in the version's lane order), a column per node in the order they were written.
 * Rows without a node are left out, except that every lane keeps at least one row.
 */
export function layout(b: Pick<Blueprint, 'lanes' | 'nodes'>) {
  const rows: Row[] = [];
  for (const stage of STAGES)
    for (const lane of b.lanes) {
      const used = b.nodes.some((n) => n.stage === stage && n.lane === lane.id);
      const laneless = stage === 'front' && !b.nodes.some((n) => n.lane === lane.id);
      if (used || laneless) rows.push({ stage, lane: lane.id, y: TOP + rows.length * ROW });
    }
  const rowOf = (n: BlueprintNode) => rows.find((r) => r.stage === n.stage && r.lane === n.lane) ?? rows[0];
  const placed = new Map<string, Placed>(
    b.nodes.map((node, i) => [node.id, { node, x: LEFT + i * COL + COL / 2, y: rowOf(node).y + SHAPE_Y }]),
  );
  const frontRows = rows.filter((r) => r.stage === 'front').length;
  return {
    rows,
    placed,
    width: LEFT + Math.max(b.nodes.length, 1) * COL + 16,
    height: TOP + rows.length * ROW + 8,
    /** The line of visibility: under the last front-stage row (null when every row is front stage). */
    visibilityY: frontRows > 0 && frontRows < rows.length ? TOP + frontRows * ROW : null,
  };
}

/** An arrow from one shape to another: forwards as a curve, backwards (a loop) around below the rows. */
export function arrowPath(from: Placed, to: Placed, bottom: number): string {
  if (to.x > from.x) {
    const x1 = from.x + HALF;
    const x2 = to.x - HALF - 4;
    return `M${x1},${from.y} C${x1 + 40},${from.y} ${x2 - 40},${to.y} ${x2},${to.y}`;
  }
  return `M${from.x},${from.y + 26} L${from.x},${bottom} L${to.x},${bottom} L${to.x},${to.y + 30}`;
}

/** Text cut to `max` characters with an ellipsis (SVG text does not wrap). */
export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
