import { ZRobotListResponse, ZRobotResponse, ZRobotTestResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createRobot, deleteRobot, updateRobot } from './commands/save-robot.ts';
import { postToRobot } from './commands/send-robot.ts';
import { presentRobot } from './presenter.ts';
import { getRobot, listRobots } from './queries/robots.ts';
import { ZRobotCreate, ZRobotUpdate } from './schema.ts';

const tags = ['alerts'];

const TEST_MESSAGE = {
  title: 'loopcx 测试消息 / test message',
  body: '这是一条来自 loopcx 的测试消息，机器人配置正确。\nThis is a test message from loopcx: the robot is set up.',
  link: '/notification-robots',
};

/** Group robots (企业微信 / 钉钉 / 飞书) of units in the caller's subtree: URL and secret write-only, a test send. */
export async function robotRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/notification-robots',
    { schema: { tags, summary: 'Group robots of units in your scope', response: { 200: ZRobotListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'robots.manage');
      return { items: (await listRobots(ctx.db, actor)).map(presentRobot) };
    },
  );

  r.post(
    '/notification-robots',
    { schema: { tags, summary: 'Add a group robot to a unit', body: ZRobotCreate, response: { 201: ZRobotResponse } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'robots.manage');
      const robot = await inTransaction(ctx, async (tx) =>
        getRobot(tx, actor, await createRobot(tx, ctx, actor, req.body)),
      );
      return reply.code(201).send(presentRobot(robot));
    },
  );

  r.patch(
    '/notification-robots/:id',
    { schema: { tags, params: ZIdParams, body: ZRobotUpdate, response: { 200: ZRobotResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'robots.manage');
      return inTransaction(ctx, async (tx) => {
        await updateRobot(tx, ctx, actor, req.params.id, req.body);
        return presentRobot(await getRobot(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/notification-robots/:id',
    { schema: { tags, params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'robots.manage');
      await inTransaction(ctx, (tx) => deleteRobot(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/notification-robots/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test message now and answer what the platform said',
        params: ZIdParams,
        response: { 200: ZRobotTestResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'robots.manage');
      const robot = await getRobot(ctx.db, actor, req.params.id);
      return postToRobot(ctx, actor.tenantId, robot.id, robot, TEST_MESSAGE);
    },
  );
}
