/** Response contracts of the tickets routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
