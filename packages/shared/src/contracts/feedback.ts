/** Response contracts of the feedback routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
