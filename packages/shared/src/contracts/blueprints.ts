import { z } from 'zod';

/**
 * Contracts of process blueprints (issue 22, slice 2): per journey, the service process as swimlanes of teams —
 * one start, one or more ends, steps and decisions on the front stage, back stage or support line, RACI per node,
 * the journey's touchpoints and event types per node; versioned. Routes: `/api/v1/blueprints`.
 */

export const BLUEPRINT_NODE_KINDS = ['start', 'end', 'step', 'decision'] as const;
/** Front stage (the customer sees it), back stage (staff out of sight), support (systems and other teams). */
export const BLUEPRINT_STAGES = ['front', 'back', 'support'] as const;

/** A node id: short, stable across versions, so checklist items keep pointing at the same step. */
export const ZBlueprintNodeId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, _ - (up to 40)');
const ZEventType = z.string().regex(/^[a-z][a-z0-9_.:-]{0,79}$/, 'an event type such as order.placed');

/** Who is Responsible, Accountable, Consulted and Informed for a node: team or user ids of the tenant. */
export const ZBlueprintRaci = z
  .object({
    responsible: z.uuid().nullable().default(null),
    accountable: z.uuid().nullable().default(null),
    consulted: z.array(z.uuid()).max(20).default([]),
    informed: z.array(z.uuid()).max(20).default([]),
  })
  .strict();

export const ZBlueprintNode = z
  .object({
    id: ZBlueprintNodeId,
    kind: z.enum(BLUEPRINT_NODE_KINDS),
    /** zh-CN (or only) wording; `labelEn` the English. */
    label: z.string().trim().min(1).max(80),
    labelEn: z.string().trim().min(1).max(80).nullable().default(null),
    stage: z.enum(BLUEPRINT_STAGES),
    /** The swimlane: a team id listed in the version's `lanes`. */
    lane: z.uuid(),
    raci: ZBlueprintRaci.default({ responsible: null, accountable: null, consulted: [], informed: [] }),
    /** Touchpoints of the blueprint's journey this node serves. */
    touchpointIds: z.array(z.uuid()).max(20).default([]),
    /** Event types (e.g. `order.placed`) that mark this node in the event stream. */
    eventTypes: z.array(ZEventType).max(20).default([]),
  })
  .strict();
export type TBlueprintNode = z.infer<typeof ZBlueprintNode>;
export type TBlueprintNodeInput = z.input<typeof ZBlueprintNode>;

export const ZBlueprintEdge = z
  .object({
    from: ZBlueprintNodeId,
    to: ZBlueprintNodeId,
    /** A decision's branch ("是 / yes"); optional on plain arrows. */
    label: z.string().trim().min(1).max(40).nullable().default(null),
  })
  .strict();
export type TBlueprintEdge = z.infer<typeof ZBlueprintEdge>;

/** The drawing of one version: lanes (team ids, top to bottom), nodes (left to right in order), edges. */
export const ZBlueprintGraph = z
  .object({
    lanes: z.array(z.uuid()).min(1).max(12),
    nodes: z.array(ZBlueprintNode).min(2).max(80),
    edges: z.array(ZBlueprintEdge).min(1).max(200),
  })
  .strict();
export type TBlueprintGraph = z.infer<typeof ZBlueprintGraph>;
export type TBlueprintGraphInput = z.input<typeof ZBlueprintGraph>;

export const ZNewBlueprint = ZBlueprintGraph.extend({
  journeyId: z.uuid(),
  name: z.string().trim().min(1).max(120),
  nameEn: z.string().trim().min(1).max(120).optional(),
  ownerTeamId: z.uuid().optional(),
}).strict();

/**
 * PATCH: name, owner, archive; giving `lanes`, `nodes` and `edges` (all three) publishes a new version when they
 * differ from the current one. Earlier versions stay readable.
 */
export const ZBlueprintPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    nameEn: z.string().trim().min(1).max(120).nullable().optional(),
    ownerTeamId: z.uuid().nullable().optional(),
    archived: z.boolean().optional(),
    lanes: ZBlueprintGraph.shape.lanes.optional(),
    nodes: ZBlueprintGraph.shape.nodes.optional(),
    edges: ZBlueprintGraph.shape.edges.optional(),
  })
  .strict()
  .refine((b) => [b.lanes, b.nodes, b.edges].filter((x) => x === undefined).length % 3 === 0, {
    message: 'give lanes, nodes and edges together',
    path: ['nodes'],
  });

/** A checklist item linked to a node, with its failure share over the last 90 days in the caller's scope. */
export const ZBlueprintCheck = z.object({
  nodeId: z.string(),
  checklistId: z.string(),
  checklistName: z.string(),
  code: z.string(),
  text: z.string(),
  textEn: z.string().nullable(),
  severity: z.enum(['fatal', 'general']),
  /** Audits (not self-inspections) where the item applied, and those that failed it. */
  n: z.number(),
  failed: z.number(),
});
export type TBlueprintCheck = z.infer<typeof ZBlueprintCheck>;

const ZNamed = z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() });

export const ZBlueprintSummary = z.object({
  id: z.string(),
  journeyId: z.string(),
  journeyName: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  ownerTeamId: z.string().nullable(),
  version: z.number(),
  archived: z.boolean(),
  nodeCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TBlueprintSummary = z.infer<typeof ZBlueprintSummary>;
export const ZBlueprintList = z.object({ items: z.array(ZBlueprintSummary) });

/**
 * A blueprint at one version (`version`; `currentVersion` is the published one), with the names the drawing
 * needs: lanes' teams, touchpoints, RACI parties (teams and users), and the checklist items linked to its nodes.
 */
export const ZBlueprint = ZBlueprintSummary.omit({ nodeCount: true }).extend({
  currentVersion: z.number(),
  versions: z.array(z.object({ version: z.number(), createdAt: z.string() })),
  lanes: z.array(ZNamed),
  nodes: z.array(ZBlueprintNode),
  edges: z.array(ZBlueprintEdge),
  touchpoints: z.array(ZNamed),
  parties: z.array(ZNamed.extend({ kind: z.enum(['team', 'user']) })),
  checks: z.array(ZBlueprintCheck),
});
export type TBlueprint = z.infer<typeof ZBlueprint>;

export const ZBlueprintVersionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(100_000) });
