/** Response contracts of the users routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
