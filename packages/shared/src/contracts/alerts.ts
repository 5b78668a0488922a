/** Response contracts of the alerts routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
