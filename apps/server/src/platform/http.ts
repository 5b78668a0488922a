import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { compressPayload } from './compress.ts';
import { AppError, fromDatabaseError, type InvalidParam, toProblem } from './errors.ts';
import { loggableUrl, serializeError } from './log-safety.ts';
import { type QueryLane, withQueryLane } from './query-budget.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The database lane of the route's queries (query-budget.ts); `request` unless the route says `short`. */
    dbLane?: QueryLane;
  }
}

import { registerBodyGuards } from './request-guards.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export interface HttpOptions {
  bodyLimit: number;
  logLevel: string;
  /** Public base URL (HSTS when https). */
  publicUrl: string;
  /** Fastify `trustProxy`: addresses/CIDRs or a hop count whose X-Forwarded-* headers are honoured. */
  trustProxy?: string[] | number;
  /** Where log lines go (stdout when absent); tests capture them to check that no secret reaches a log. */
  logStream?: { write(line: string): void };
  onError?: (err: unknown, req: FastifyRequest) => void;
  /** When set, GETs for unknown non-API paths answer with this (the console's client-side routes). */
  spaFallback?: (req: FastifyRequest, reply: FastifyReply) => unknown;
}

/** Where a validation failure happened, as a prefix for invalidParams names. */
function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  if (context === 'body' || !context) return path || 'body';
  return path ? path : context;
}

/** Maps any thrown value to an AppError: our own, Fastify's, zod's or the database's. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validationContext?: string };
  if (Array.isArray(fe?.validation)) {
    const invalidParams: InvalidParam[] = fe.validation.map((v) => ({
      name: fieldName(fe.validationContext, v.instancePath ?? ''),
      reason: v.message ?? 'is not valid',
    }));
    const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; ');
    return new AppError('invalid', detail, { invalidParams });
  }
  const db = fromDatabaseError(err);
  if (db) return db;
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than the limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'The request body is not valid JSON');
    case 'FST_ERR_RATE_LIMIT':
      return new AppError('rate_limited', fe.message);
  }
  if (fe instanceof SyntaxError) return new AppError('bad_request', 'The request body is not valid JSON');
  const status = (fe as { statusCode?: number })?.statusCode;
  if (status === 413) return new AppError('payload_too_large', 'The request body is larger than the limit');
  if (status === 429) return new AppError('rate_limited', fe.message);
  if (status && status >= 400 && status < 500) return new AppError('bad_request', fe.message);
  return new AppError('internal', 'Something went wrong; the error was logged with this request id');
}

export function sendProblem(reply: FastifyReply, err: AppError, requestId: string) {
  return reply.code(err.status).type('application/problem+json').send(toProblem(err, requestId));
}

/** Builds the Fastify instance with loopcx's plumbing: request ids, zod, one error shape, OpenAPI. */
export async function createHttp(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: opts.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    logger:
      opts.logLevel === 'silent'
        ? false
        : {
            level: opts.logLevel,
            stream: opts.logStream,
            // Never log credentials or personal values (platform/log-safety.ts): no headers, survey tokens and
            // query values out of URLs, errors without their bound query parameters.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req) => ({ method: req.method, url: loggableUrl(String(req.url)) }),
              err: serializeError,
            },
          },
    // Per-request "incoming/completed" lines only at debug level: at thousands of responses a second they
    // would cost more than the work they describe. Errors are always logged by the error handler.
    logController: new LogController({ disableRequestLogging: opts.logLevel !== 'debug' }),
    routerOptions: { maxParamLength: 2000 },
    // Only proxies named in LOOPCX_TRUST_PROXY may set the client address and protocol (X-Forwarded-For/Proto).
    // A hop count trusts the nearest n hops whatever their address (proxy-addr's own rule for a number).
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (_addr: string, hop: number) => hop < (opts.trustProxy as number)
        : (opts.trustProxy ?? false),
    ajv: undefined,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every query a route makes runs in its lane with the request budget (query-budget.ts): registered first, so the
  // route-level preHandlers (authentication) and the handler run inside it.
  app.addHook('preHandler', (req, _reply, done) => {
    withQueryLane(req.routeOptions.config?.dbLane ?? 'request', done);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return compressPayload(req, reply, payload);
  });

  registerSecurityHeaders(app, { publicUrl: opts.publicUrl });
  // JSON everywhere (depth-bounded, json-guard.ts), CSV bodies where a route declares them (config.uploadTypes),
  // strict UTF-8; 415 otherwise.
  registerBodyGuards(app);

  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      req.log.error({ err }, 'request failed');
      opts.onError?.(err, req);
    }
    return sendProblem(reply, appErr, String(req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    if (opts.spaFallback && req.method === 'GET' && !req.url.startsWith('/api/') && !/\.\w+(\?|$)/.test(req.url)) {
      return opts.spaFallback(req, reply);
    }
    return sendProblem(
      reply,
      new AppError('not_found', `No route for ${req.method} ${req.url.split('?')[0]}`),
      String(req.id),
    );
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'loopcx API',
        description:
          'Customer experience management API. Authenticate with `Authorization: Bearer <API key>` or the console session cookie. Errors are application/problem+json.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'lcx_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs/ui' });
  app.get('/api/docs', { schema: { hide: true } }, async (req, reply) => {
    // Browsers get the interactive UI; API clients get the OpenAPI document itself.
    if (String(req.headers.accept ?? '').includes('text/html')) return reply.redirect('/api/docs/ui');
    return app.swagger();
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
