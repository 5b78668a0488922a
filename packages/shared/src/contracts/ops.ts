/** Response contracts of the ops routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
