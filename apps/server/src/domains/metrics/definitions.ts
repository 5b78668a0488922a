import { BUILTIN_EVENT_TYPES, FormulaError, type FormulaNode, formulaLeaves, parseFormula } from '@loopcx/shared';
import { z } from 'zod';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';

export const METRIC_FORMATS = ['number', 'percent', 'ratio', 'currency'] as const;

/** A metric definition as the API shows it; built-ins are read-only rows computed by the survey engine. */
export interface MetricDefinition {
  id: string | null;
  key: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  kind: 'nps' | 'csat' | 'mean' | 'count' | 'formula';
  formula: string | null;
  format: (typeof METRIC_FORMATS)[number];
  decimals: number;
  direction: 'higher' | 'lower';
  target: number | null;
  minN: number;
  builtin: boolean;
  status: 'active' | 'archived';
}

const b = (
  key: string,
  name: string,
  nameEn: string,
  kind: MetricDefinition['kind'],
  description: string,
  extra: Partial<MetricDefinition> = {},
): MetricDefinition => ({
  id: null,
  key,
  name,
  nameEn,
  description,
  kind,
  formula: null,
  format: 'number',
  decimals: 1,
  direction: 'higher',
  target: null,
  minN: 5,
  builtin: true,
  status: 'active',
  ...extra,
});

/** The survey metrics every tenant has. `rating:<question>` stands for the mean of any rating question. */
export const BUILTIN_METRICS: MetricDefinition[] = [
  b('nps', '净推荐值 NPS', 'NPS', 'nps', 'Promoters (9–10) % − detractors (0–6) %, −100…100; adjusted-Wald 95 % CI'),
  b('csat', '满意度 CSAT', 'CSAT', 'csat', 'Top-2-box % on the survey’s scale (5 by default); Wilson 95 % CI', {
    format: 'percent',
  }),
  b('ces', '费力度 CES', 'CES', 'mean', 'Mean effort score on 1–7; t interval', { decimals: 2 }),
  b('rating:<question>', '评分均值', 'Mean rating', 'mean', 'Mean of a rating question, e.g. rating:food', {
    decimals: 2,
  }),
  b('responses', '回收量', 'Responses', 'count', 'Number of responses', { decimals: 0, minN: 1 }),
  b(
    'response_rate',
    '回复率',
    'Response rate',
    'formula',
    'Invitations answered ÷ invitations sent (personal links), %',
    { formula: 'invited_responses / invitations * 100', format: 'percent' },
  ),
  b(
    'invitation.response_rate',
    '邀请回复率',
    'Invitation response rate',
    'formula',
    'Invitations answered ÷ invitations that went out (personal links and Reach sends; suppressed, failed and unsent ones excluded), %',
    { formula: 'invited_responses / invitations * 100', format: 'percent' },
  ),
];

/** Keys a tenant metric may not take: built-ins and the fixed routes under /metrics. */
const RESERVED = new Set([
  'nps',
  'csat',
  'ces',
  'rating',
  'responses',
  'response_rate',
  'invitation.response_rate',
  'invitations',
  'invited_responses',
  'query',
  'drivers',
  'validate',
  'count',
  'sum',
]);

export const ZMetricKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter');

const metricFields = {
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  formula: z.string().trim().min(1).max(1000),
  format: z.enum(METRIC_FORMATS),
  decimals: z.number().int().min(0).max(6),
  direction: z.enum(['higher', 'lower']),
  target: z.number().finite().nullable().optional(),
  minN: z.number().int().min(1).max(100_000),
};
export const ZMetricCreate = z
  .object({
    ...metricFields,
    key: ZMetricKey.refine((k) => !RESERVED.has(k), 'is a built-in or reserved name'),
    format: metricFields.format.default('number'),
    decimals: metricFields.decimals.default(2),
    direction: metricFields.direction.default('higher'),
    minN: metricFields.minN.default(5),
  })
  .strict();
// No defaults here: a PATCH changes only what it names.
export const ZMetricUpdate = z
  .object(metricFields)
  .partial()
  .extend({ status: z.enum(['active', 'archived']).optional() })
  .strict();

/** A metric_definitions row as METRIC_COLUMNS selects it. */
export interface MetricRow {
  id: string;
  key: string;
  name: string;
  name_en: string | null;
  description: string | null;
  formula: string;
  format: MetricDefinition['format'];
  decimals: number;
  direction: 'higher' | 'lower';
  target: number | null;
  min_n: number;
  status: 'active' | 'archived';
}

export const METRIC_COLUMNS = sql`id, key, name, name_en, description, formula, format, decimals, direction, target, min_n, status`;

export const presentMetric = (r: MetricRow): MetricDefinition => ({
  id: r.id,
  key: r.key,
  name: r.name,
  nameEn: r.name_en,
  description: r.description,
  kind: 'formula',
  formula: r.formula,
  format: r.format,
  decimals: r.decimals,
  direction: r.direction,
  target: r.target === null ? null : Number(r.target),
  minN: r.min_n,
  builtin: false,
  status: r.status,
});

export async function listMetricDefinitions(ex: Executor, tenantId: string): Promise<MetricDefinition[]> {
  const own = await rows<MetricRow>(
    ex,
    sql`SELECT ${METRIC_COLUMNS} FROM metric_definitions WHERE tenant_id = ${tenantId} ORDER BY key`,
  );
  return [...BUILTIN_METRICS, ...own.map(presentMetric)];
}

/** A tenant metric (or response_rate) by key; undefined for unknown keys. */
export async function findMetricDefinition(
  ex: Executor,
  tenantId: string,
  key: string,
): Promise<MetricDefinition | undefined> {
  const builtin = BUILTIN_METRICS.find((m) => m.key === key);
  if (builtin) return builtin;
  const r = await one<MetricRow>(
    ex,
    sql`SELECT ${METRIC_COLUMNS} FROM metric_definitions WHERE tenant_id = ${tenantId} AND key = ${key}`,
  );
  return r ? presentMetric(r) : undefined;
}

/**
 * Parses a formula and checks it against the tenant's event types: every event type must exist, and a `where`
 * on count/sum must name a dimension property (those have rollups) with a value of the property's type.
 * Throws 422 naming `formula` with the 1-based position of the problem.
 */
export async function checkFormula(ex: Executor, tenantId: string, formula: string): Promise<FormulaNode> {
  let ast: FormulaNode;
  try {
    ast = parseFormula(formula);
  } catch (err) {
    if (err instanceof FormulaError) throw formulaError(err.reason, err.position);
    throw err;
  }
  const own = await rows<{
    key: string;
    properties: Record<string, { type: string; enum?: unknown[]; dimension?: boolean }>;
  }>(ex, sql`SELECT key, properties FROM event_types WHERE tenant_id = ${tenantId}`);
  const types = new Map<string, Record<string, { type: string; enum?: unknown[]; dimension?: boolean }>>([
    ...BUILTIN_EVENT_TYPES.map((t) => [t.key, t.properties] as const),
    ...own.map((t) => [t.key, t.properties] as const),
  ]);
  for (const leaf of formulaLeaves(ast)) {
    if (leaf.t !== 'agg') continue;
    const props = types.get(leaf.eventType);
    if (!props) throw formulaError(`unknown event type '${leaf.eventType}'`, leaf.pos);
    if (!leaf.where) continue;
    const spec = props[leaf.where.property];
    if (!spec) throw formulaError(`'${leaf.eventType}' declares no property ${leaf.where.property}`, leaf.pos);
    if (leaf.fn !== 'distinct_customers' && !spec.dimension) {
      throw formulaError(
        `${leaf.where.property} is not a dimension of '${leaf.eventType}'; mark it dimension: true in the event type to filter on it`,
        leaf.pos,
      );
    }
    const v = leaf.where.value;
    const fits =
      spec.type === 'boolean'
        ? typeof v === 'boolean'
        : spec.type === 'string'
          ? typeof v === 'string'
          : typeof v === 'number';
    if (!fits || (spec.enum && !spec.enum.includes(v)))
      throw formulaError(
        `${leaf.where.property} takes ${spec.enum ? spec.enum.map(String).join(', ') : `a ${spec.type}`}`,
        leaf.pos,
      );
  }
  return ast;
}

function formulaError(message: string, position: number) {
  return new AppError('invalid', `formula: ${message} (at ${position + 1})`, {
    invalidParams: [{ name: 'formula', reason: `${message} (at ${position + 1})` }],
    extra: { position: position + 1 },
  });
}
