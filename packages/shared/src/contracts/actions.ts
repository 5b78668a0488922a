/** Response contracts of the actions routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
