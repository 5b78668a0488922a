/** Response contracts of the customers routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
