import { z } from 'zod';

export const SURVEY_STATUSES = ['draft', 'live', 'paused', 'closed', 'archived'] as const;
export type TSurveyStatus = (typeof SURVEY_STATUSES)[number];

const qname = z.string().trim().min(1).max(200);

/** Which question feeds which metric. */
export const ZBindings = z
  .object({
    nps: qname.optional(),
    csat: z
      .union([qname, z.object({ question: qname, scale: z.union([z.literal(5), z.literal(7)]).optional() }).strict()])
      .optional(),
    ces: qname.optional(),
    ratings: z.array(qname).max(50).optional(),
  })
  .strict();
export type TBindings = z.infer<typeof ZBindings>;

/** A SurveyJS definition: an object, checked in depth by the server with survey-core. */
export const ZDefinition = z.record(z.string(), z.unknown());

/** Create from a SurveyJS definition, or from a template (`templateId`, other fields optional). */
export const ZSurveyCreate = z
  .object({
    templateId: z.string().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(300).optional(),
    description: z.string().max(5000).nullable().optional(),
    definition: ZDefinition.optional(),
    bindings: ZBindings.optional(),
    touchpointId: z.uuid().nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.templateId) return;
    if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required' });
    if (!v.definition) ctx.addIssue({ code: 'custom', path: ['definition'], message: 'required (or give templateId)' });
  });

export const ZSurveyUpdate = z
  .object({
    name: z.string().trim().min(1).max(300),
    description: z.string().max(5000).nullable(),
    definition: ZDefinition,
    bindings: ZBindings,
    touchpointId: z.uuid().nullable(),
  })
  .partial()
  .strict();
