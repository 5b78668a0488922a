import { TransactionRollbackError } from 'drizzle-orm';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import type { Tx } from './db.ts';

/** The zod-typed Fastify instance routes are declared on. */
export type Router = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Path param `:id` as a uuid; anything else is a 404-worthy id, reported as 422 invalid. */
export const ZIdParams = z.object({ id: z.uuid() });

/** Query-string booleans: `true`/`1` are true. */
export const zBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/**
 * Runs `fn` in a transaction; with `dryRun` the transaction is rolled back after `fn` computed its result,
 * so a dry run exercises every check and reports exactly what a real run would do.
 */
export async function inTransaction<T>(
  ctx: AppContext,
  fn: (tx: Tx) => Promise<T>,
  opts: { dryRun?: boolean } = {},
): Promise<T> {
  let result: T | undefined;
  try {
    await ctx.db.transaction(async (tx) => {
      result = await fn(tx);
      if (opts.dryRun) tx.rollback();
    });
  } catch (err) {
    if (!(opts.dryRun && err instanceof TransactionRollbackError)) throw err;
  }
  return result as T;
}
