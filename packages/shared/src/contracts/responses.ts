/** Response contracts of the responses routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
