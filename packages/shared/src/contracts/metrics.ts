/** Response contracts of the metrics routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
