/** Response contracts of the surveys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
