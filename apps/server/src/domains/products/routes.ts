import {
  ZHoldingImport,
  ZHoldingImportResult,
  ZHoldingList,
  ZNewProduct,
  ZProductDetail,
  ZProductList,
  ZProductListQuery,
  ZProductPatch,
  ZProductSettings,
  ZProductSettingsInput,
  ZScorecard,
  ZScorecardQuery,
  ZStageChangeInput,
} from '@loopcx/shared';
import { z } from 'zod';
import { type Actor, actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { requestBackfill } from './commands/backfill-links.ts';
import { changeStage } from './commands/change-stage.ts';
import { importHoldings } from './commands/import-holdings.ts';
import { relinkProduct } from './commands/relink-product.ts';
import { createProduct, patchProduct } from './commands/save-product.ts';
import { authorizeManageProducts, authorizeReadProducts } from './policy.ts';
import { presentProduct, presentProductDetail } from './presenter.ts';
import { productBackfill } from './queries/backfill.ts';
import { customerHoldings } from './queries/holdings.ts';
import { getProduct, listProducts, stageHistory } from './queries/products.ts';
import { productScorecard } from './queries/scorecard.ts';
import { productSettings, sameEventTypes, saveProductSettings } from './settings.ts';

const tags = ['products'];
const DAY_MS = 86400_000;

/** Catalogue, stage moves, scorecard, holdings and settings under /api/v1/products. */
export async function productRoutes(r: Router, ctx: AppContext) {
  const detail = async (ex: Executor, actor: Actor, id: string) => {
    const p = await getProduct(ex, actor, id, ctx.clock.now());
    return presentProductDetail(
      p,
      await stageHistory(ex, actor.tenantId, id),
      await productSettings(ex, actor.tenantId),
      await productBackfill(ex, actor, id),
    );
  };

  r.get(
    '/products',
    {
      schema: {
        tags,
        summary:
          'The product catalogue with stage, holders and the last 90 days’ NPS (filter by stage, category, search)',
        querystring: ZProductListQuery,
        response: { 200: ZProductList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadProducts(actor);
      const settings = await productSettings(ctx.db, actor.tenantId);
      const list = await listProducts(ctx.db, actor, req.query, ctx.clock.now());
      return { items: list.map((p) => presentProduct(p, settings)) };
    },
  );

  r.post(
    '/products',
    {
      schema: {
        tags,
        summary: 'Add a product (stage concept, test or launched); the code is what order events name it by',
        body: ZNewProduct,
        response: { 201: ZProductDetail },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const out = await inTransaction(ctx, async (tx) =>
        detail(tx, actor, await createProduct(tx, actor, req.body, ctx.clock.now())),
      );
      wakeWorkers(ctx);
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/products/settings',
    {
      schema: {
        tags,
        summary: 'Which event types are orders and returns, and the default review rules',
        response: { 200: ZProductSettings },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadProducts(actor);
      return productSettings(ctx.db, actor.tenantId);
    },
  );

  r.put(
    '/products/settings',
    {
      schema: {
        tags,
        summary:
          'Set the order and return event types and the default review rules; changed types relink the stored events',
        body: ZProductSettingsInput,
        response: { 200: ZProductSettings },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageProducts(actor);
      const s = ZProductSettings.parse(req.body);
      const relinked = await inTransaction(ctx, async (tx) => {
        const before = await productSettings(tx, actor.tenantId);
        await saveProductSettings(tx, actor.tenantId, s, ctx.clock.now());
        if (sameEventTypes(before, s)) return false;
        await requestBackfill(tx, actor.tenantId, {
          reason: 'settings',
          by: actor.kind === 'user' ? actor.id : null,
          now: ctx.clock.now(),
        });
        return true;
      });
      if (relinked) wakeWorkers(ctx);
      return productSettings(ctx.db, actor.tenantId);
    },
  );

  r.get(
    '/products/holdings',
    {
      schema: {
        tags,
        summary: 'The products a customer holds (from orders and imports), most recent first',
        querystring: z.object({ customerId: z.uuid() }).strict(),
        response: { 200: ZHoldingList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadProducts(actor);
      return { items: await customerHoldings(ctx.db, actor, req.query.customerId) };
    },
  );

  r.post(
    '/products/holdings/import',
    {
      bodyLimit: 1_100_000,
      schema: {
        tags,
        summary: 'Import holdings: JSON rows or CSV (externalId,email,productCode[,since]); per-row errors reported',
        body: ZHoldingImport,
        response: { 200: ZHoldingImportResult },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageProducts(actor);
      return inTransaction(ctx, (tx) => importHoldings(tx, actor, ctx.config.secret, req.body, ctx.clock.now()));
    },
  );

  r.get(
    '/products/:id',
    {
      schema: {
        tags,
        summary: 'A product with its stage history and the stages it may move to',
        params: ZIdParams,
        response: { 200: ZProductDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadProducts(actor);
      return detail(ctx.db, actor, req.params.id);
    },
  );

  r.patch(
    '/products/:id',
    {
      schema: {
        tags,
        summary: 'Change a product’s name, category, owner, targets, review rules or attributes',
        params: ZIdParams,
        body: ZProductPatch,
        response: { 200: ZProductDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageProducts(actor);
      return inTransaction(ctx, async (tx) => {
        const cur = await getProduct(tx, actor, req.params.id, ctx.clock.now(), { lock: true });
        await patchProduct(tx, actor, cur, req.body, ctx.clock.now());
        return detail(tx, actor, cur.id);
      });
    },
  );

  r.post(
    '/products/:id/stage',
    {
      schema: {
        tags,
        summary:
          'Move a product to another stage (concept → test → launched → review → launched | retired) with a note',
        params: ZIdParams,
        body: ZStageChangeInput,
        response: { 200: ZProductDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageProducts(actor);
      return inTransaction(ctx, async (tx) => {
        const cur = await getProduct(tx, actor, req.params.id, ctx.clock.now(), { lock: true });
        await changeStage(tx, {
          tenantId: actor.tenantId,
          productId: cur.id,
          from: cur.stage,
          to: req.body.to,
          by: actor.kind === 'user' ? actor.id : null,
          note: req.body.note || null,
          at: ctx.clock.now(),
        });
        return detail(tx, actor, cur.id);
      });
    },
  );

  r.post(
    '/products/:id/relink',
    {
      schema: {
        tags,
        summary:
          'Link the stored order and return events to the catalogue again (a background run; the product shows its progress)',
        params: ZIdParams,
        body: z.object({}).strict().optional(),
        response: { 202: ZProductDetail },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeManageProducts(actor);
      const out = await inTransaction(ctx, async (tx) => {
        const cur = await getProduct(tx, actor, req.params.id, ctx.clock.now());
        await relinkProduct(tx, actor, cur.id, ctx.clock.now());
        return detail(tx, actor, cur.id);
      });
      wakeWorkers(ctx);
      return reply.code(202).send(out);
    },
  );

  r.get(
    '/products/:id/scorecard',
    {
      schema: {
        tags,
        summary:
          'Post-launch scorecard: NPS and CSAT with intervals vs target, monthly trend, complaints by topic, tickets, returns',
        params: ZIdParams,
        querystring: ZScorecardQuery,
        response: { 200: ZScorecard },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadProducts(actor);
      const p = await getProduct(ctx.db, actor, req.params.id, ctx.clock.now());
      const today = (await tenantDay(ctx, actor.tenantId))(ctx.clock.now());
      const to = req.query.to ?? today;
      const from =
        req.query.from ?? `${new Date(Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 6, 1)).toISOString().slice(0, 10)}`;
      if (from > to) throw invalid('from', 'must not be after to');
      if (Date.parse(to) - Date.parse(from) > 731 * DAY_MS) throw invalid('from', 'the window is at most two years');
      return productScorecard(ctx.db, actor, p, { from, to, unitId: req.query.unitId });
    },
  );
}
