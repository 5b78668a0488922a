import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { sendEmail } from './commands/send-email.ts';
import { sendPush } from './commands/send-push.ts';
import { sendRobot } from './commands/send-robot.ts';

const ZPayload = z.object({ notificationId: z.uuid() });

/** `notifications.email` {notificationId}: one notification email through SMTP. */
export const emailSendJob = defineJob({ kind: 'notifications.email', schema: ZPayload, handle: sendEmail });

/** `notifications.push` {notificationId}: one web push to every browser of the recipient. */
export const pushSendJob = defineJob({ kind: 'notifications.push', schema: ZPayload, handle: sendPush });

/** `notifications.robot` {notificationId}: one post to a group robot (企业微信 / 钉钉 / 飞书). */
export const robotSendJob = defineJob({ kind: 'notifications.robot', schema: ZPayload, handle: sendRobot });

/** The notifications domain's job kinds (its module's `jobs`). */
export const notificationJobs = [emailSendJob, pushSendJob, robotSendJob];
