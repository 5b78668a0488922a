/** Response contracts of the auth routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
