/** Response contracts of the api-keys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
