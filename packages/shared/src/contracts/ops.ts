/** Response contracts of the ops routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

/** `GET /healthz`: the process answers. */
export const ZHealthResponse = z.object({ status: z.literal('ok') });
export type THealthResponse = z.infer<typeof ZHealthResponse>;

/** `GET /readyz`: the database answers too (503 problem otherwise). */
export const ZReadyResponse = z.object({ status: z.literal('ready'), database: z.string() });
export type TReadyResponse = z.infer<typeof ZReadyResponse>;
