import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { mailReply } from './commands/mail-reply.ts';

/** One reply mailed to the in-app complainant who left an email (queued with the reply, in its transaction). */
export const feedbackReplyMailJob = defineJob({
  kind: 'feedback.reply-mail',
  schema: z.object({ replyId: z.uuid() }),
  handle: mailReply,
});

export const feedbackJobs = [feedbackReplyMailJob];
