import { useTranslation } from 'react-i18next';
import { type Blueprint, type BlueprintNode, checkColour } from './api.ts';
import { arrowPath, clip, HALF, LEFT, layout, ROW } from './layout.ts';
import { useNames } from './names.ts';

const FILL: Record<BlueprintNode['kind'], string> = {
  start: '#e6f4ff',
  end: '#f6ffed',
  step: '#ffffff',
  decision: '#fffbe6',
};
const BAND: Record<BlueprintNode['stage'], string> = { front: '#fafcff', back: '#fbfbfb', support: '#fdf9f3' };

/** The node's shape around (0,0): a pill for start/end, a box for a step, a diamond for a decision. */
function Shape({ node, selected }: { node: BlueprintNode; selected: boolean }) {
  const stroke = selected ? '#1677ff' : '#8c8c8c';
  const width = selected ? 2.5 : 1.2;
  if (node.kind === 'decision')
    return (
      <polygon points={`0,-28 ${HALF},0 0,28 ${-HALF},0`} fill={FILL.decision} stroke={stroke} strokeWidth={width} />
    );
  return (
    <rect
      x={-HALF}
      y={-24}
      width={HALF * 2}
      height={48}
      rx={node.kind === 'step' ? 6 : 24}
      fill={FILL[node.kind]}
      stroke={stroke}
      strokeWidth={width}
    />
  );
}

/**
 * The blueprint as a swimlane diagram: a row per lane (team) and stage band, the line of visibility between the
 * front stage and the rest, nodes as pills, boxes and diamonds with arrows between them; under each node its
 * touchpoints, who is responsible and accountable, and its checklist items coloured by their failure rate.
 * Clicking (or Enter on) a node selects it.
 */
export function BlueprintDiagram({
  blueprint,
  selected,
  onSelect,
}: {
  blueprint: Blueprint;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation('blueprints');
  const names = useNames(blueprint);
  const { rows, placed, width, height, visibilityY } = layout(blueprint);
  const laneName = (id: string) => {
    const l = blueprint.lanes.find((x) => x.id === id);
    return l ? names.pick(l) : id;
  };
  const bottom = height - 4;
  return (
    <div style={{ overflowX: 'auto', border: '1px solid #f0f0f0', borderRadius: 8 }}>
      <svg
        width={width}
        height={height + 12}
        role="img"
        aria-label={names.pick(blueprint)}
        data-testid="bp-diagram"
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        <defs>
          <marker id="bp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#595959" />
          </marker>
        </defs>
        {rows.map((r) => (
          <g key={`${r.stage}-${r.lane}`}>
            <rect x={0} y={r.y} width={width} height={ROW} fill={BAND[r.stage]} stroke="#f0f0f0" />
            <text x={10} y={r.y + 22} fontSize={13} fontWeight={600} fill="#262626">
              {clip(laneName(r.lane), 10)}
            </text>
            <text x={10} y={r.y + 40} fontSize={11} fill="#8c8c8c">
              {t(`stageShort.${r.stage}`)}
            </text>
          </g>
        ))}
        <line x1={LEFT - 8} y1={0} x2={LEFT - 8} y2={height} stroke="#f0f0f0" />
        {visibilityY !== null && (
          <g data-testid="bp-visibility">
            <line x1={0} y1={visibilityY} x2={width} y2={visibilityY} stroke="#fa8c16" strokeDasharray="8 5" />
            <text x={LEFT} y={visibilityY - 4} fontSize={11} fill="#d46b08">
              {t('visibility')}
            </text>
          </g>
        )}
        {blueprint.edges.map((e) => {
          const from = placed.get(e.from);
          const to = placed.get(e.to);
          if (!from || !to) return null;
          const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 - 6 };
          return (
            <g key={`${e.from}-${e.to}`}>
              <path
                d={arrowPath(from, to, bottom)}
                fill="none"
                stroke="#595959"
                strokeWidth={1.3}
                markerEnd="url(#bp-arrow)"
              />
              {e.label && (
                <text x={mid.x} y={to.x > from.x ? mid.y : bottom - 4} fontSize={11} textAnchor="middle" fill="#d46b08">
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {[...placed.values()].map(({ node, x, y }) => {
          const checks = blueprint.checks.filter((c) => c.nodeId === node.id);
          return (
            <g
              key={node.id}
              transform={`translate(${x},${y})`}
              role="button"
              tabIndex={0}
              aria-label={names.label(node)}
              data-testid="bp-node"
              data-node={node.id}
              style={{ cursor: 'pointer' }}
              onClick={() => onSelect(node.id)}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') onSelect(node.id);
              }}
            >
              {/* The whole node answers a click, not only its painted parts (text and badges leave gaps). */}
              <rect x={-HALF} y={-30} width={HALF * 2} height={122} fill="transparent" />
              <Shape node={node} selected={selected === node.id} />
              <text y={5} fontSize={12} textAnchor="middle" fill="#262626">
                {clip(names.label(node), node.kind === 'decision' ? 9 : 11)}
              </text>
              {node.touchpointIds.length > 0 && (
                <text y={44} fontSize={10} textAnchor="middle" fill="#1677ff">
                  {clip(`◎ ${node.touchpointIds.map(names.touchpoint).join('、')}`, 20)}
                </text>
              )}
              {(node.raci.responsible || node.raci.accountable) && (
                <text y={58} fontSize={10} textAnchor="middle" fill="#595959">
                  {clip(`R ${names.party(node.raci.responsible)} · A ${names.party(node.raci.accountable)}`, 22)}
                </text>
              )}
              {checks.slice(0, 4).map((c, i) => (
                <g
                  key={`${c.checklistId}-${c.code}`}
                  transform={`translate(${-HALF + (i % 2) * 68},${66 + Math.floor(i / 2) * 18})`}
                >
                  <rect width={64} height={15} rx={3} fill={checkColour(c)} data-testid="bp-check" />
                  <text x={32} y={11} fontSize={9.5} textAnchor="middle" fill="#fff">
                    {clip(`${c.code} ${c.n ? `${Math.round((c.failed / c.n) * 100)}%` : '–'}`, 12)}
                  </text>
                </g>
              ))}
              {checks.length > 4 && (
                <text x={HALF} y={112} fontSize={10} textAnchor="end" fill="#8c8c8c">
                  +{checks.length - 4}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
