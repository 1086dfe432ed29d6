import * as z from 'zod';
import { isKnownTimeZone } from '../schedule/zoned-time.ts';

/** The plan file: a couple's partners, commitments, rituals and affirmations. Public format. */

const idPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const e164Pattern = /^\+[1-9]\d{6,14}$/;
// Letters, marks, numbers, punctuation, symbols and plain spaces; no control or format characters.
const safeTextPattern = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

const id = (what: string) =>
  z.string({ error: `${what} must be a string` }).regex(idPattern, {
    error: `${what} must be 1-63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit`,
  });
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max} characters` })
    .regex(safeTextPattern, { error: `${what} contains control or invisible characters` });
const clock = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(clockPattern, { error: `${what} must be a 24-hour time HH:MM (00:00 to 23:59)` });
const timezone = z
  .string({ error: 'time zone must be a string' })
  .refine(isKnownTimeZone, { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}` });
const repeat = z
  .string({ error: 'repeat must be an RRULE string like "FREQ=DAILY"' })
  .max(500, { error: 'repeat is too long' });
const startDate = z
  .string()
  .regex(datePattern, { error: 'start must be a date YYYY-MM-DD' })
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      error: 'start is not a real calendar date',
    },
  )
  .refine((s) => s >= '1970-01-01' && s <= '2200-12-31', { error: 'start must be between 1970 and 2200' });

export const QuietHoursSchema = z.strictObject({ from: clock('quietHours.from'), to: clock('quietHours.to') });

export const SummarySettingsSchema = z.strictObject({
  day: z
    .enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { error: 'summary.day must be one of MO TU WE TH FR SA SU' })
    .optional(),
  at: clock('summary.at').optional(),
  channel: z.enum(['sms', 'email'], { error: 'summary.channel must be "sms" or "email"' }).optional(),
});

export const PartnerSchema = z.strictObject({
  id: id('id'),
  name: text('name', 40),
  phone: z.string().regex(e164Pattern, { error: 'phone must be in E.164 form, like +15555550101' }).optional(),
  email: z.email({ error: 'email is not a valid address' }).max(254).optional(),
  timezone,
  channel: z.enum(['sms', 'email', 'both'], { error: 'channel must be "sms", "email" or "both"' }).optional(),
  quietHours: QuietHoursSchema.optional(),
  consent: z.enum(['pending', 'confirmed'], { error: 'consent must be "pending" or "confirmed"' }).default('pending'),
  summary: SummarySettingsSchema.optional(),
  /** Share this partner's weekly pulse with the other partner (default: private to them). */
  sharePulse: z.boolean({ error: 'sharePulse must be true or false' }).optional(),
});

/** "3 times a week" (target) or "at most 2 a week" (limit): counted per day, week or month. */
export const GoalSchema = (field: 'target' | 'limit') =>
  z.strictObject({
    times: z
      .number({ error: `${field}.times must be a whole number` })
      .int({ error: `${field}.times must be a whole number` })
      .min(field === 'target' ? 1 : 0, { error: `${field}.times must be ${field === 'target' ? 1 : 0}-100` })
      .max(100, { error: `${field}.times must be ${field === 'target' ? 1 : 0}-100` }),
    per: z.enum(['day', 'week', 'month'], { error: `${field}.per must be "day", "week" or "month"` }),
  });

export const CommitmentSchema = z.strictObject({
  id: id('id'),
  owner: id('owner'),
  title: text('title', 80),
  repeat,
  checkInAt: clock('checkInAt'),
  start: startDate.optional(),
  /** A reminder to the owner at this local time on each day the promise is due. */
  remind: clock('remind').optional(),
  /** When the promise is due (local); with remindBefore, the reminder goes that many minutes earlier. */
  due: clock('due').optional(),
  remindBefore: z
    .number({ error: 'remindBefore must be a number of minutes' })
    .int({ error: 'remindBefore must be whole minutes' })
    .min(1, { error: 'remindBefore must be 1-720 minutes' })
    .max(720, { error: 'remindBefore must be 1-720 minutes' })
    .optional(),
  target: GoalSchema('target').optional(),
  limit: GoalSchema('limit').optional(),
});

export const RitualSchema = z.strictObject({
  id: id('id'),
  title: text('title', 80),
  repeat,
  at: clock('at'),
  timezone: timezone.optional(),
  remindBefore: z.number().int().min(0).max(1440, { error: 'remindBefore must be 0-1440 minutes' }).default(30),
  checkInAfter: z.number().int().min(0).max(1440, { error: 'checkInAfter must be 0-1440 minutes' }).default(120),
  start: startDate.optional(),
});

export const AffirmationSchema = z.strictObject({
  id: id('id'),
  from: id('from'),
  to: id('to'),
  text: text('text', 300),
  repeat,
  at: clock('at'),
  start: startDate.optional(),
});

export const PairSchema = z.strictObject({
  id: id('id'),
  name: text('name', 80),
  share: z.enum(['kept-only', 'all'], { error: 'share must be "kept-only" or "all"' }).default('kept-only'),
  summary: SummarySettingsSchema.optional(),
  /** When both partners are awake: messages to both go where both local clocks are inside it. */
  sharedWindow: z.strictObject({ from: clock('sharedWindow.from'), to: clock('sharedWindow.to') }).optional(),
});

/** Conversations revealed together: one prompt to both partners at each occurrence. */
export const ConversationsSchema = z.strictObject({
  repeat,
  at: clock('conversations.at'),
  timezone: timezone.optional(),
  deck: z
    .union([
      z.literal('kept'),
      z
        .array(text('prompt', 70), { error: 'deck must be "kept" or a list of prompts' })
        .min(1, { error: 'deck needs at least one prompt' })
        .max(500),
    ])
    .default('kept'),
  start: startDate.optional(),
});

/**
 * Someone outside the couple (a counsellor, a trusted friend) who gets a weekly email of kept
 * counts only. Added only when both partners agree and the supporter confirms; in local outbox
 * mode `consent: "confirmed"` stands for all three, as it does for partners.
 */
export const SupporterSchema = z.strictObject({
  id: id('id'),
  name: text('name', 60),
  email: z.email({ error: 'email is not a valid address' }).max(254),
  consent: z.enum(['pending', 'confirmed'], { error: 'consent must be "pending" or "confirmed"' }).default('pending'),
});

export const PlanSchema = z.strictObject({
  $schema: z.string().optional(),
  pair: PairSchema,
  partners: z
    .array(PartnerSchema)
    .min(1, { error: 'a plan needs at least one partner' })
    .max(2, { error: 'a pair has at most two partners' }),
  commitments: z.array(CommitmentSchema).max(200).default([]),
  rituals: z.array(RitualSchema).max(200).default([]),
  affirmations: z.array(AffirmationSchema).max(200).default([]),
  conversations: ConversationsSchema.optional(),
  pulse: z
    .strictObject({
      day: z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], {
        error: 'pulse.day must be one of MO TU WE TH FR SA SU',
      }),
      at: clock('pulse.at'),
    })
    .optional(),
  supporters: z.array(SupporterSchema).max(3, { error: 'a pair has at most three supporters' }).optional(),
});

export type Plan = z.output<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Partner = Plan['partners'][number];
export type Commitment = Plan['commitments'][number];
export type Ritual = Plan['rituals'][number];
export type Affirmation = Plan['affirmations'][number];
export type Conversations = NonNullable<Plan['conversations']>;
export type Supporter = NonNullable<Plan['supporters']>[number];
export type QuietHours = z.output<typeof QuietHoursSchema>;
export type Goal = NonNullable<Commitment['target']>;
