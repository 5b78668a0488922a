/** Response contracts of the text routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
