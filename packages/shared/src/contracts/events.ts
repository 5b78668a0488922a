/** Response contracts of the events routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
