import { z } from 'zod';

/**
 * Contracts of training (issue 22): scored quizzes (questions with correct answers and a pass mark) assigned to a
 * unit's staff — by hand or from an audit's failed items — taken on a phone and graded on the server, and the
 * metrics `training.completion_rate` / `training.pass_rate`. Routes: `/api/v1/training/…`. The correct answers
 * are part of a quiz only for those who manage it (`ZQuiz`); a taker gets `ZQuizForTaker`, which has none.
 */

export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export const ASSIGNMENT_STATUSES = ['open', 'passed', 'failed', 'overdue'] as const;
export type TAssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
/** Training metric names the metrics engine accepts (`POST /metrics/query`). */
export const TRAINING_METRICS = ['training.completion_rate', 'training.pass_rate'] as const;

const ZCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, _ . - (up to 40)');
const ZText = z.string().trim().min(1).max(500);

export const ZChoiceInput = z.object({ value: ZCode, text: ZText, textEn: ZText.optional() }).strict();

/** A question as written: `correct` holds the value(s) of the right choice(s); true/false takes `true`/`false`. */
export const ZQuestionInput = z
  .object({
    code: ZCode,
    type: z.enum(QUESTION_TYPES),
    text: ZText,
    textEn: ZText.optional(),
    choices: z.array(ZChoiceInput).max(10).default([]),
    correct: z.array(ZCode).min(1).max(10),
    points: z.number().int().min(1).max(100).default(1),
  })
  .strict()
  .superRefine((q, c) => {
    const values = q.type === 'true_false' ? ['true', 'false'] : q.choices.map((x) => x.value);
    if (q.type !== 'true_false' && q.choices.length < 2)
      c.addIssue({ code: 'custom', path: ['choices'], message: 'give at least 2 choices' });
    if (q.type === 'true_false' && q.choices.length)
      c.addIssue({ code: 'custom', path: ['choices'], message: 'a true/false question has no choices' });
    if (new Set(values).size !== values.length)
      c.addIssue({ code: 'custom', path: ['choices'], message: 'choice values must be unique' });
    if (new Set(q.correct).size !== q.correct.length)
      c.addIssue({ code: 'custom', path: ['correct'], message: 'correct values repeat' });
    for (const v of q.correct)
      if (!values.includes(v)) c.addIssue({ code: 'custom', path: ['correct'], message: `${v} is not a choice` });
    if (q.type !== 'multiple' && q.correct.length !== 1)
      c.addIssue({
        code: 'custom',
        path: ['correct'],
        message: 'a single or true/false question has one correct value',
      });
  });
export type TQuestionInput = z.input<typeof ZQuestionInput>;
export type TQuestion = z.output<typeof ZQuestionInput>;

const uniqueCodes = (qs: { code: string }[]) => new Set(qs.map((q) => q.code)).size === qs.length;

export const ZNewQuiz = z
  .object({
    name: z.string().trim().min(1).max(120),
    nameEn: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).optional(),
    /** Pass mark: the score (% of points) a taker needs. */
    passMark: z.number().int().min(1).max(100),
    maxAttempts: z.number().int().min(1).max(20).default(3),
    questions: z.array(ZQuestionInput).min(1).max(100).refine(uniqueCodes, 'question codes must be unique'),
    /** The checklist whose items (`itemCodes`, of its current version) the quiz trains. */
    checklistId: z.uuid().optional(),
    itemCodes: z.array(ZCode).max(50).default([]),
  })
  .strict();
export type TNewQuiz = z.input<typeof ZNewQuiz>;

export const ZQuizPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    nameEn: z.string().trim().min(1).max(120).nullable().optional(),
    description: z.string().max(2000).nullable().optional(),
    passMark: z.number().int().min(1).max(100).optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
    questions: z.array(ZQuestionInput).min(1).max(100).refine(uniqueCodes, 'question codes must be unique').optional(),
    checklistId: z.uuid().nullable().optional(),
    itemCodes: z.array(ZCode).max(50).optional(),
    archived: z.boolean().optional(),
  })
  .strict();

const ZChoice = z.object({ value: z.string(), text: z.string(), textEn: z.string().nullable() });

/** A quiz as its managers see it: every question with its correct answers. */
export const ZQuiz = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  passMark: z.number(),
  maxAttempts: z.number(),
  version: z.number(),
  archived: z.boolean(),
  checklistId: z.string().nullable(),
  checklistName: z.string().nullable(),
  itemCodes: z.array(z.string()),
  questions: z.array(
    z.object({
      code: z.string(),
      type: z.enum(QUESTION_TYPES),
      text: z.string(),
      textEn: z.string().nullable(),
      choices: z.array(ZChoice),
      correct: z.array(z.string()),
      points: z.number(),
    }),
  ),
  assignmentCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TQuiz = z.infer<typeof ZQuiz>;
export const ZQuizList = z.object({ items: z.array(ZQuiz) });
export const ZQuizListQuery = z
  .object({
    archived: z.enum(['true', 'false']).optional(),
    /** Quizzes that train an item of this checklist … */
    checklistId: z.uuid().optional(),
    /** … and this item code (the audit result view's "Assign training"). */
    itemCode: ZCode.optional(),
  })
  .strict();

/** A quiz as a taker sees it: the questions without their answers. */
export const ZQuizForTaker = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  passMark: z.number(),
  maxAttempts: z.number(),
  version: z.number(),
  questions: z.array(
    z.object({
      code: z.string(),
      type: z.enum(QUESTION_TYPES),
      text: z.string(),
      textEn: z.string().nullable(),
      choices: z.array(ZChoice),
      points: z.number(),
    }),
  ),
});

export const ZNewAssignment = z
  .object({
    quizId: z.uuid(),
    /** The unit whose staff (active users whose unit it is) get the quiz; in the caller's scope. */
    orgUnitId: z.uuid(),
    /** Only these of the unit's staff (default: all of them). */
    userIds: z.array(z.uuid()).min(1).max(500).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    /** The audit (of that unit) and the failed item the training answers. */
    auditId: z.uuid().optional(),
    itemCode: ZCode.optional(),
  })
  .strict();
export type TNewAssignment = z.infer<typeof ZNewAssignment>;

export const ZAssignment = z.object({
  id: z.string(),
  quizId: z.string(),
  quizName: z.string(),
  quizNameEn: z.string().nullable(),
  passMark: z.number(),
  maxAttempts: z.number(),
  userId: z.string(),
  userName: z.string(),
  orgUnitId: z.string(),
  unitName: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  attempts: z.number(),
  bestScore: z.number().nullable(),
  dueAt: z.string().nullable(),
  auditId: z.string().nullable(),
  itemCode: z.string().nullable(),
  assignedAt: z.string(),
  firstAttemptAt: z.string().nullable(),
  passedAt: z.string().nullable(),
});
export type TAssignment = z.infer<typeof ZAssignment>;
/** `POST /training/assignments`: the assignments made, and the unit's staff skipped because they hold an open one. */
export const ZAssignResult = z.object({ items: z.array(ZAssignment), skipped: z.array(z.string()) });
export const ZAssignmentList = z.object({ items: z.array(ZAssignment), total: z.number(), page: z.number() });
export const ZAssignmentListQuery = z
  .object({
    orgUnitId: z.uuid().optional(),
    status: z.enum(ASSIGNMENT_STATUSES).optional(),
    quizId: z.uuid().optional(),
    auditId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();
export const ZMyAssignments = z.object({ items: z.array(ZAssignment) });

/** An answer: the chosen value(s) of one question (`true`/`false` for true/false). */
export const ZNewAttempt = z
  .object({
    answers: z.array(z.object({ code: ZCode, values: z.array(ZCode).max(10) }).strict()).max(100),
    idempotencyKey: z.string().min(1).max(80).optional(),
  })
  .strict();
export type TNewAttempt = z.infer<typeof ZNewAttempt>;

/** A graded attempt; `correct` (each question's right values) only once passed or out of attempts. */
export const ZAttempt = z.object({
  id: z.string(),
  assignmentId: z.string(),
  number: z.number(),
  score: z.number(),
  passed: z.boolean(),
  wrong: z.array(z.string()),
  createdAt: z.string(),
  replay: z.boolean(),
  assignment: ZAssignment,
  correct: z.record(z.string(), z.array(z.string())).nullable(),
});
export type TAttempt = z.infer<typeof ZAttempt>;

/** `GET /training/assignments/{id}`: the assignment, its quiz for the taker, past attempts, answers when allowed. */
export const ZAssignmentDetail = z.object({
  assignment: ZAssignment,
  quiz: ZQuizForTaker,
  attempts: z.array(
    z.object({
      number: z.number(),
      score: z.number(),
      passed: z.boolean(),
      wrong: z.array(z.string()),
      createdAt: z.string(),
    }),
  ),
  correct: z.record(z.string(), z.array(z.string())).nullable(),
});
export type TAssignmentDetail = z.infer<typeof ZAssignmentDetail>;
