import { z } from 'zod';

/** Response contracts of the teams routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** A team (a functional owner such as 客服部) with its members' user ids. */
export const ZTeamResponse = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  memberIds: z.array(z.string()),
  createdAt: z.string(),
});
export type TTeamResponse = z.infer<typeof ZTeamResponse>;

/** GET /teams. */
export const ZTeamListResponse = z.object({ items: z.array(ZTeamResponse) });
export type TTeamListResponse = z.infer<typeof ZTeamListResponse>;
