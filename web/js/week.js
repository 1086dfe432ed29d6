// This week's counts and the kept rate of the last weeks as a small bar chart.
import { $, el } from './dom.js';
import { barChart } from './chart.js';

export function renderWeek(week, me) {
  const list = $('week');
  list.replaceChildren();
  const rows = [
    ...week.own.map((s) => [s.title, `kept ${s.kept} of ${s.due}`, s]),
    ...week.rituals.map((s) => [s.title, `done ${s.kept} of ${s.due}`, s]),
  ];
  for (const s of week.other)
    rows.push([`${week.otherName}: ${s.title}`, `kept ${s.kept}${week.share === 'all' ? ` of ${s.due}` : ''}`, s]);
  if (rows.length === 0) list.append(el('li', 'Nothing asked yet this week.', 'muted'));
  for (const [title, detail, s] of rows) {
    const item = el('li');
    item.append(el('strong', title), el('span', ` ${detail}`, 'muted'));
    const bar = el('div', undefined, 'bar');
    const fill = el('span');
    fill.style.width = `${s.due ? Math.round((100 * s.kept) / s.due) : 0}%`;
    bar.append(fill);
    item.append(bar);
    list.append(item);
  }
  $('thanks').textContent =
    `Together you kept ${week.couple.kept} this week. Thanks received: ${week.thanks.received}, given: ${week.thanks.sent}.`;
  $('hello').textContent =
    `Hi ${me.partner.name}${me.other ? ` - with ${me.other.name}${me.other.consent === 'pending' ? ' (invited, not joined yet)' : ''}` : ''}.`;
}

/** The kept rate of each week (newest first from the API), drawn oldest first. */
export function renderTrend(weeks) {
  const ordered = [...weeks].reverse();
  const rates = ordered.map((w) => {
    const all = [...w.own, ...w.rituals];
    const due = all.reduce((n, s) => n + s.due, 0);
    return due ? all.reduce((n, s) => n + s.kept, 0) / due : 0;
  });
  $('trend').setAttribute(
    'aria-label',
    `Kept rate by week, oldest first: ${rates.map((r) => `${Math.round(r * 100)}%`).join(', ')}`,
  );
  $('trend').replaceChildren(barChart(ordered.map((w, i) => ({ value: rates[i], label: shortDate(w.weekStart) }))));
}

export const shortDate = (iso) => new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
