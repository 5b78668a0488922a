/** Response contracts of the surveys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { SURVEY_STATUSES } from '../surveys.ts';

const ZJson = z.record(z.string(), z.unknown());

/** A survey as the API answers it; lists leave the definition out (GET one for it). */
export const ZSurveyResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(SURVEY_STATUSES),
  touchpointId: z.string().nullable(),
  bindings: ZJson,
  definition: ZJson.optional(),
  currentVersionId: z.string().nullable(),
  currentVersion: z.number().nullable(),
  versions: z.number(),
  responses: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSurveyResponse = z.infer<typeof ZSurveyResponse>;

/** `GET /surveys` */
/** `GET /surveys`: a page, last changed first; `nextCursor` fetches the next one (null on the last page). */
export const ZSurveyListResponse = z.object({ items: z.array(ZSurveyResponse), nextCursor: z.string().nullable() });
export type TSurveyListResponse = z.infer<typeof ZSurveyListResponse>;

/** `POST /surveys/:id/publish`: the survey and the version just published. */
export const ZSurveyPublishResponse = ZSurveyResponse.extend({
  versionId: z.string().nullable(),
  version: z.number().nullable(),
});
export type TSurveyPublishResponse = z.infer<typeof ZSurveyPublishResponse>;

const ZLocalised = z.object({ 'zh-CN': z.string(), en: z.string() });

/** `GET /survey-templates` */
export const ZSurveyTemplatesResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: ZLocalised,
      description: ZLocalised,
      bindings: ZJson,
      questions: z.number(),
      definition: ZJson,
    }),
  ),
});
export type TSurveyTemplatesResponse = z.infer<typeof ZSurveyTemplatesResponse>;

/** `GET /surveys/:id/versions`: published versions, newest first. */
export const ZSurveyVersionsResponse = z.object({
  items: z.array(z.object({ id: z.string(), version: z.number(), bindings: ZJson, createdAt: z.string() })),
});
export type TSurveyVersionsResponse = z.infer<typeof ZSurveyVersionsResponse>;

/**
 * `GET /surveys/:id/link`: the anonymous link. `publicUrlLocal` is true while links and QR codes point at this
 * machine (LOOPCX_PUBLIC_URL unset, or a loopback host such as localhost): a phone scanning them cannot open them.
 */
export const ZSurveyLinkResponse = z.object({ token: z.string(), url: z.string(), publicUrlLocal: z.boolean() });
export type TSurveyLinkResponse = z.infer<typeof ZSurveyLinkResponse>;

/** `GET /surveys/:id/unit-links`: a link per unit in scope (printing). */
export const ZSurveyUnitLinksResponse = z.object({
  items: z.array(
    z.object({
      orgUnit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      touchpointId: z.string().nullable(),
      token: z.string(),
      url: z.string(),
    }),
  ),
});
export type TSurveyUnitLinksResponse = z.infer<typeof ZSurveyUnitLinksResponse>;

/** `POST /surveys/:id/links` (201): a personalised link and its invitation. */
export const ZSurveyInvitationLinkResponse = z.object({
  invitationId: z.string(),
  token: z.string(),
  url: z.string(),
  expiresAt: z.string().nullable(),
});
export type TSurveyInvitationLinkResponse = z.infer<typeof ZSurveyInvitationLinkResponse>;

const ZNote = z.object({ source: z.string(), reason: z.string() });

/** What an import could and could not map. */
export const ZSurveyImportReport = z.object({
  questions: z.number(),
  mapped: z.number(),
  unmapped: z.array(ZNote),
  notes: z.array(ZNote),
});
export type TSurveyImportReport = z.infer<typeof ZSurveyImportReport>;

/** `POST /surveys/import?dryRun=true` (200): the converted definition and the report. */
export const ZSurveyImportPreviewResponse = z.object({ definition: ZJson, report: ZSurveyImportReport });
export type TSurveyImportPreviewResponse = z.infer<typeof ZSurveyImportPreviewResponse>;

/** `POST /surveys/import` (201): the draft created, with the definition and the report. */
export const ZSurveyImportResponse = ZSurveyImportPreviewResponse.extend({ surveyId: z.string() });
export type TSurveyImportResponse = z.infer<typeof ZSurveyImportResponse>;

/** `GET /public/surveys/:token` (respondent page): what a link renders. */
export const ZRespondentSurveyResponse = z.object({
  survey: z.object({ id: z.string(), name: z.string() }),
  version: z.object({ id: z.string() }),
  definition: ZJson,
  locale: z.string(),
  context: ZJson,
  /** The invitation a personal link belongs to (the embedded page names it to its parent on completion), else null. */
  invitationId: z.string().nullable(),
});
export type TRespondentSurveyResponse = z.infer<typeof ZRespondentSurveyResponse>;
