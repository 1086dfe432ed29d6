import { commitmentScheduleProblems } from './schedule-plan-checks.ts';
import { mailboxOf } from './email-address.ts';
import type { z } from 'zod';
import { issueText } from './issue-text.ts';
import { PlanSchema, type Plan } from './plan.ts';
import { InvalidRecurrenceError, nextOccurrence, parseRule } from '../schedule/recurrence.ts';
import { isKnownTimeZone } from '../schedule/zoned-time.ts';

export type PlanValidation = { ok: true; plan: Plan } | { ok: false; problems: string[] };

/** Formats a path like ["partners", 1, "timezone"] as "partners[1].timezone". */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = String(part);
      // A key that is not a plain name (a typo with a space, say) is shown quoted.
      if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(plan)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => `${formatPath([...issue.path, key])}: unknown field (check the spelling)`)
      .join('\n');
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: is required`;
  return `${where}: ${issueText(issue)}`;
}

/**
 * Validates a parsed plan: shape first, then references and recurrence rules.
 * Every problem is reported with its path; nothing is half-accepted.
 */
export function validatePlan(input: unknown): PlanValidation {
  const parsed = PlanSchema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    const problems = [...referenceProblems(parsed.data), ...recurrenceProblems(parsed.data)];
    return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: parsed.data };
  }
  const shapeProblems = parsed.error.issues.flatMap((issue) => describeIssue(issue).split('\n'));
  // Also check references and rules in the parts that are well-formed, so that one run
  // lists every problem. A path already reported is not reported twice.
  const loose = looseView(input);
  const reported = new Set(shapeProblems.map((problem) => problem.slice(0, problem.indexOf(': '))));
  const more = loose ? [...referenceProblems(loose), ...recurrenceProblems(loose)] : [];
  return { ok: false, problems: [...shapeProblems, ...more.filter((p) => !reported.has(p.slice(0, p.indexOf(': '))))] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The well-formed parts of an invalid plan, shaped like a Plan for the cross-checks: items
 * with string ids, references, times and rules. Anything else is left to the shape errors.
 */
function looseView(input: unknown): Plan | null {
  if (!isRecord(input)) return null;
  const list = (key: string) => (Array.isArray(input[key]) ? (input[key] as unknown[]) : []);
  const clockOk = (v: unknown) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
  const zoneOk = (v: unknown) => typeof v === 'string' && isKnownTimeZone(v);
  const partners = list('partners').map((p) => (isRecord(p) ? p : {}));
  // Every item keeps its index (so paths stay right). Its rule is checked even when its time or
  // zone is bad (those are reported by the shape check): a stand-in time and zone are used.
  const loosen = (items: unknown[], timeField: string) =>
    items.map((item) => {
      const r = isRecord(item) ? item : {};
      return {
        ...r,
        id: String(r.id ?? ''),
        repeat: typeof r.repeat === 'string' ? r.repeat : 'FREQ=DAILY',
        [timeField]: clockOk(r[timeField]) ? r[timeField] : '12:00',
        timezone: zoneOk(r.timezone) ? r.timezone : undefined,
      };
    });
  return {
    pair: { id: '', name: '', share: 'kept-only' },
    partners: partners.map((p) => ({
      ...p,
      id: String(p.id ?? ''),
      timezone: zoneOk(p.timezone) ? p.timezone : 'UTC',
      consent: 'pending',
    })),
    commitments: loosen(list('commitments'), 'checkInAt'),
    rituals: loosen(list('rituals'), 'at'),
    affirmations: loosen(list('affirmations'), 'at'),
  } as unknown as Plan;
}

function duplicateIds(items: ReadonlyArray<{ id: string }>, collection: string): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined)
      problems.push(`${collection}[${i}].id: duplicate id "${item.id}" (also ${collection}[${first}])`);
    else seen.set(item.id, i);
  });
  return problems;
}

function referenceProblems(plan: Plan): string[] {
  const problems = [
    ...duplicateIds(plan.partners, 'partners'),
    ...duplicateIds(plan.commitments, 'commitments'),
    ...duplicateIds(plan.rituals, 'rituals'),
    ...duplicateIds(plan.affirmations, 'affirmations'),
    ...duplicateIds(plan.supporters ?? [], 'supporters'),
    ...supporterProblems(plan),
  ];
  const partnerIds = new Set(plan.partners.map((p) => p.id));
  const unknownPartner = (path: string, ref: string) =>
    partnerIds.has(ref) ? [] : [`${path}: unknown partner "${ref}" (partners are: ${[...partnerIds].join(', ')})`];

  plan.partners.forEach((partner, i) => {
    const channel = partner.channel ?? (partner.phone ? 'sms' : 'email');
    if ((channel === 'sms' || channel === 'both') && !partner.phone) {
      problems.push(`partners[${i}].phone: is required when channel is "${channel}"`);
    }
    if ((channel === 'email' || channel === 'both') && !partner.email) {
      problems.push(`partners[${i}].email: is required when channel is "${channel}"`);
    }
  });
  const phones = new Map<string, number>();
  plan.partners.forEach((partner, i) => {
    if (!partner.phone) return;
    const first = phones.get(partner.phone);
    if (first !== undefined) problems.push(`partners[${i}].phone: the same number as partners[${first}]`);
    phones.set(partner.phone, i);
  });
  plan.commitments.forEach((c, i) => {
    problems.push(...unknownPartner(`commitments[${i}].owner`, c.owner));
  });
  problems.push(...commitmentScheduleProblems(plan));
  plan.affirmations.forEach((a, i) => {
    problems.push(
      ...unknownPartner(`affirmations[${i}].from`, a.from),
      ...unknownPartner(`affirmations[${i}].to`, a.to),
    );
    if (a.from === a.to)
      problems.push(`affirmations[${i}].to: an affirmation goes to the other partner, not to its author`);
  });
  return problems;
}

/** A supporter is someone outside the couple: not one of the partners' own addresses (any +tag of them). */
function supporterProblems(plan: Plan): string[] {
  const partnerEmails = new Set(plan.partners.flatMap((p) => (p.email ? [mailboxOf(p.email)] : [])));
  return (plan.supporters ?? []).flatMap((s, i) =>
    partnerEmails.has(mailboxOf(s.email))
      ? [`supporters[${i}].email: a supporter is someone outside the couple, not a partner's own address`]
      : [],
  );
}

function recurrenceProblems(plan: Plan): string[] {
  const problems: string[] = [];
  const check = (path: string, rule: string, at: string, zone: string, start: string | undefined) => {
    if (start !== undefined && !isPlausibleDate(start)) return; // already reported by the shape check
    try {
      const options = parseRule(rule);
      if (options.count != null && !start) {
        problems.push(`${path}: COUNT needs a "start" date to count from`);
        return;
      }
      // A rule that never fires (e.g. 30 February) would otherwise be searched for ever.
      const from = start ? Date.parse(`${start}T00:00:00Z`) - 86_400_000 : Date.parse('2024-01-01T00:00:00Z');
      if (nextOccurrence({ rule, at, zone, start }, from) === null) {
        problems.push(`${path}: this rule has no occurrence within five years of its start`);
      }
    } catch (error) {
      // rrule.js throws plain errors for some combinations it cannot expand.
      problems.push(
        `${path}: ${error instanceof InvalidRecurrenceError ? error.message : `this rule cannot be expanded (${(error as Error).message})`}`,
      );
    }
  };
  const zoneOf = (partnerId: string) => plan.partners.find((p) => p.id === partnerId)?.timezone ?? 'UTC';
  for (const [i, c] of plan.commitments.entries()) {
    check(`commitments[${i}].repeat`, c.repeat, c.checkInAt, zoneOf(c.owner), c.start);
  }
  for (const [i, r] of plan.rituals.entries()) {
    check(`rituals[${i}].repeat`, r.repeat, r.at, r.timezone ?? plan.partners[0]!.timezone, r.start);
  }
  for (const [i, a] of plan.affirmations.entries())
    check(`affirmations[${i}].repeat`, a.repeat, a.at, zoneOf(a.to), a.start);
  const talk = plan.conversations;
  if (talk?.repeat && talk.at)
    check('conversations.repeat', talk.repeat, talk.at, talk.timezone ?? plan.partners[0]!.timezone, talk.start);
  return problems;
}

function isPlausibleDate(date: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(date) &&
    date >= '1970-01-01' &&
    date <= '2200-12-31' &&
    !Number.isNaN(Date.parse(`${date}T00:00:00Z`))
  );
}

/** Reads plan JSON text; syntax errors name the line and column. */
export function parsePlanText(source: string, text: string): PlanValidation {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(message.match(/position (\d+)/)?.[1]);
    if (Number.isFinite(position)) {
      const before = text.slice(0, position).split('\n');
      return {
        ok: false,
        problems: [
          `${source}: line ${before.length}, column ${before.at(-1)!.length + 1}: invalid JSON (${message.replace(/ in JSON at position.*$/, '')})`,
        ],
      };
    }
    return { ok: false, problems: [`${source}: invalid JSON (${message})`] };
  }
  return validatePlan(data);
}
