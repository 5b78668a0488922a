/** Response contracts of the dashboards routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
export {};
