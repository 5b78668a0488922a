/** Response contracts of the org routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
