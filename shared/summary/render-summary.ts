import { escapeHtml } from '../messages/email-html.ts';
import { lowerFirst } from '../messages/texts.ts';
import type { PromiseStats } from './statistics.ts';
import type { WeeklySummary } from './summarize.ts';
import type { OthersStats } from '../privacy/partner-view.ts';
import { pulseLines, pulseSms } from '../practices/pulse-summary.ts';
import { toLocal } from '../schedule/zoned-time.ts';

const TREND_WORDS: Record<PromiseStats['trend'], string> = {
  up: 'up from last week',
  down: 'down from last week',
  level: 'same as last week',
  new: 'first week',
};
const percent = (x: number) => `${Math.round(x * 100)}%`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Oct 26 - Nov 1": the week's first and last local days, read with zoned-time's cached formatter. */
function weekLabel(summary: WeeklySummary): string {
  const day = (ms: number) => {
    const local = toLocal(ms, summary.zone);
    return `${MONTHS[local.month - 1]} ${local.day}`;
  };
  return `${day(summary.weekStart)} - ${day(summary.weekEnd - 1)}`;
}

/** "Call Alex at lunch: kept 4 of 5 - streak 3 (best 6), strength 42%, up from last week" */
export function ownLine(s: PromiseStats): string {
  const rest = [
    s.missed && `missed ${s.missed}`,
    s.unanswered && `unanswered ${s.unanswered}`,
    s.owned && `owned ${s.owned}`,
    s.skipped && `skipped ${s.skipped}`,
    s.paused && `paused ${s.paused}`,
    s.open && `${s.open} still open`,
  ]
    .filter(Boolean)
    .join(', ');
  const goal = s.goal
    ? `, ${s.goal.total} of ${s.goal.kind === 'limit' ? 'at most ' : ''}${s.goal.times} this ${s.goal.per}`
    : '';
  return `${s.title}: kept ${s.kept} of ${s.due}${rest ? ` (${rest})` : ''}${goal} - streak ${s.currentStreak} (best ${s.bestStreak}), strength ${percent(s.score)}, ${TREND_WORDS[s.trend]}`;
}

export function ritualLine(s: PromiseStats): string {
  const open = s.open ? ` (${s.open} still open)` : '';
  return `${s.title}: done ${s.kept} of ${s.due}${open} - streak ${s.currentStreak}, ${TREND_WORDS[s.trend]}`;
}

/** What a partner reads about the other: kept counts only, unless the pair shares everything. */
export function otherLine(summary: WeeklySummary, s: OthersStats): string {
  if (summary.share === 'all') return `${summary.otherName}: ${ownLine(s as PromiseStats)}`;
  return `${summary.otherName} kept: ${lowerFirst(s.title)}, ${s.kept} ${s.kept === 1 ? 'time' : 'times'}`;
}

/** No percentages, no misses: the subject leads with what was kept. */
export function summarySubject(summary: WeeklySummary): string {
  const kept = summary.own.reduce((n, s) => n + s.kept, 0) + summary.rituals.reduce((n, s) => n + s.kept, 0);
  if (kept === 0) return `Your week with Kept (${weekLabel(summary)})`;
  return `Your week: ${kept} ${kept === 1 ? 'promise' : 'promises'} kept (${weekLabel(summary)})`;
}

export function summaryText(summary: WeeklySummary): string {
  const lines = [`Hi ${summary.partnerName}, here is your week with Kept (${weekLabel(summary)}).`, ''];
  if (summary.own.length > 0) lines.push('Your promises', ...summary.own.map(ownLine), '');
  if (summary.rituals.length > 0) lines.push('Together', ...summary.rituals.map(ritualLine), '');
  const otherKept = summary.other.filter((s) => s.kept > 0 || summary.share === 'all');
  if (otherKept.length > 0) lines.push(`${summary.otherName}`, ...otherKept.map((s) => otherLine(summary, s)), '');
  const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
  const other = summary.otherName ?? 'your partner';
  if (summary.thanks.received > 0)
    lines.push(`${other} thanked you ${times(summary.thanks.received)} for what you kept.`);
  if (summary.thanks.sent > 0) lines.push(`You thanked ${other} ${times(summary.thanks.sent)}.`);
  if (summary.thanks.sent + summary.thanks.received > 0) lines.push('');
  lines.push(...pulseLines(summary));
  lines.push(
    `Together you kept ${summary.couple.kept} ${summary.couple.kept === 1 ? 'promise' : 'promises'} this week.`,
    '',
    `To talk about: ${summary.prompt}`,
  );
  return lines.join('\n');
}

const bar = (rate: number) =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#e3e6ee;border-radius:4px;height:8px;"><tr><td width="${Math.round(rate * 100)}%" style="background:#1f6f5c;border-radius:4px;height:8px;font-size:0;line-height:0;">&nbsp;</td><td style="font-size:0;line-height:0;">&nbsp;</td></tr></table>`;

function statRow(title: string, detail: string, rate: number): string {
  return `<tr><td style="padding:10px 0 2px;font-weight:bold;">${escapeHtml(title)}</td></tr><tr><td style="padding:0 0 4px;color:#566074;font-size:14px;">${escapeHtml(detail)}</td></tr><tr><td>${bar(rate)}</td></tr>`;
}

/** The HTML part: tables and inline styles only, every text escaped, a bar per kept rate. */
export function summaryHtml(summary: WeeklySummary): string {
  const section = (heading: string, rows: string) =>
    `<h2 style="font-size:16px;margin:20px 0 4px;">${escapeHtml(heading)}</h2><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table>`;
  const rate = (s: PromiseStats) => (s.due === 0 ? 0 : s.kept / s.due);
  const parts = [
    `<p style="margin:0 0 12px;">Hi ${escapeHtml(summary.partnerName)}, here is your week with Kept (${escapeHtml(weekLabel(summary))}).</p>`,
  ];
  if (summary.own.length > 0)
    parts.push(
      section(
        'Your promises',
        summary.own.map((s) => statRow(s.title, ownLine(s).slice(s.title.length + 2), rate(s))).join(''),
      ),
    );
  if (summary.rituals.length > 0)
    parts.push(
      section(
        'Together',
        summary.rituals.map((s) => statRow(s.title, ritualLine(s).slice(s.title.length + 2), rate(s))).join(''),
      ),
    );
  const otherKept = summary.other.filter((s) => s.kept > 0 || summary.share === 'all');
  if (otherKept.length > 0 && summary.otherName) {
    parts.push(
      section(
        summary.otherName,
        otherKept.map((s) => `<tr><td style="padding:6px 0;">${escapeHtml(otherLine(summary, s))}</td></tr>`).join(''),
      ),
    );
  }
  parts.push(
    `<p style="margin:20px 0 8px;">Together you kept <strong>${summary.couple.kept}</strong> ${summary.couple.kept === 1 ? 'promise' : 'promises'} this week.</p>`,
  );
  parts.push(
    `<p style="margin:0;padding:12px;background:#eef6f3;border-radius:6px;"><strong>To talk about:</strong> ${escapeHtml(summary.prompt)}</p>`,
  );
  return parts.join('');
}

/** One short SMS for a partner without email. */
export function summarySms(summary: WeeklySummary): string {
  const items = [...summary.own, ...summary.rituals].map(
    (s) => `${s.title.length > 22 ? `${s.title.slice(0, 21)}.` : s.title} ${s.kept}/${s.due}`,
  );
  const otherKept = summary.other.reduce((n, s) => n + s.kept, 0);
  const text = `Kept week: ${items.join(', ') || 'nothing asked yet'}.${summary.otherName && otherKept > 0 ? ` ${summary.otherName} kept ${otherKept}.` : ''}${pulseSms(summary)}`;
  return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
}
