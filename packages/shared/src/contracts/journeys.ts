/** Response contracts of the journeys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
