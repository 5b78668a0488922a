import client from 'prom-client';

/** Process-wide Prometheus registry; `GET /metrics` renders it. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'loopcx_' });

export const httpRequests = new client.Counter({
  name: 'loopcx_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'loopcx_http_request_duration_seconds',
  help: 'HTTP request duration by route',
  labelNames: ['route'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** The shared job queue by kind and state (due, running, scheduled, dead), set by `GET /metrics` when scraped. */
export const jobsGauge = new client.Gauge({
  name: 'loopcx_jobs',
  help: 'Jobs in the shared queue by kind and state (due, running, scheduled, dead)',
  labelNames: ['kind', 'state'] as const,
  registers: [registry],
});

export const promClient = client;
