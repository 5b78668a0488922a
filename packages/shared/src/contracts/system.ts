/** Response contracts of the system routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
