/** Response contracts of the teams routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
