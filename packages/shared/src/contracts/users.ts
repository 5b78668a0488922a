import { z } from 'zod';
import { ZRole } from '../roles.ts';

/** Response contracts of the users routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** A console user: never the password hash. */
export const ZUserResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  orgUnitId: z.string(),
  orgUnit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  locale: z.string(),
  status: z.string(),
  teamIds: z.array(z.string()),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type TUserResponse = z.infer<typeof ZUserResponse>;

/** GET /users. */
export const ZUserListResponse = z.object({ items: z.array(ZUserResponse) });
export type TUserListResponse = z.infer<typeof ZUserListResponse>;

/** POST /users: the generated password is in the answer once, only when the request gave none. */
export const ZUserCreatedResponse = ZUserResponse.extend({ password: z.string().optional() });
export type TUserCreatedResponse = z.infer<typeof ZUserCreatedResponse>;
