// The check-in log: answer an open check-in (like a Y / N / SKIP or number text), undo it, own a miss, thank a kept notice.
import { api } from './api.js';
import { $, button, el, reportingTo } from './dom.js';
import { field, inlineForm } from './inline-form.js';
import { reload } from './refresh.js';

const describe = (c) =>
  `${new Date(c.occurrenceAt).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${c.title}: ${c.status === 'open' ? (c.ownable || c.ownedAt ? 'unanswered' : 'waiting for an answer') : c.status}${c.count !== undefined ? ` (${c.count})` : ''}${c.ownedAt ? ', owned' : ''}`;

const checkInPath = (c, action) => `/api/checkins/${encodeURIComponent(c.checkInKey)}/${action}`;

// A miss of yours that can still be owned offers "Own it": your words go to your partner as a repair note.
const ownForm = (c, i) =>
  inlineForm({
    className: 'own-form',
    id: `own-${i}`,
    label: `Own it: what happened with ${c.title}, and what you will do`,
    hideLabel: true,
    control: field('input', { name: 'note', maxLength: 300, placeholder: 'What happened, and what you will do' }),
    submitText: 'Own it',
    send: (note) => api('POST', checkInPath(c, 'own'), { note: note.trim() }),
  });

// "How many times today?" promises (a limit, or more than once a day) are answered with a number, like a text.
const countForm = (c, i) =>
  inlineForm({
    className: 'count-form',
    id: `count-${i}`,
    label: `How many times: ${c.title}`,
    hideLabel: true,
    control: field('input', {
      type: 'number',
      min: '0',
      max: '1000',
      step: '1',
      inputMode: 'numeric',
      placeholder: 'How many times?',
    }),
    submitText: 'Log',
    submitAria: `Log the number: ${c.title}`,
    send: (count) => api('POST', checkInPath(c, 'answer'), { count: Number(count) }),
  });

function actionButtons(c, error) {
  const post = (action, body) =>
    reportingTo(error, async () => {
      await api('POST', checkInPath(c, action), body);
      await reload();
    });
  const buttons = [];
  const answers = c.asksCount
    ? [['Skip', 'SKIP']]
    : [
        ['Kept', 'Y'],
        ['Missed', 'N'],
        ['Skip', 'SKIP'],
      ];
  if (c.answerable)
    for (const [label, answer] of answers)
      buttons.push(button(label, `${label}: ${c.title}`, post('answer', { answer })));
  // An answer just given (or changed) can be taken back for an hour, as from the email's confirmation.
  if (c.undoable) buttons.push(button('Undo', `Undo my answer: ${c.title}`, post('undo', {})));
  if (c.thankable) buttons.push(button('Say thanks', `Say thanks for ${c.title}`, post('thanks', {})));
  return buttons;
}

export function renderCheckInLog(checkIns) {
  const list = $('log');
  list.replaceChildren();
  if (checkIns.length === 0) list.append(el('li', 'No check-ins yet.', 'muted'));
  checkIns.forEach((c, i) => {
    const row = el('li', describe(c));
    if (c.ownable) row.append(ownForm(c, i));
    if (c.answerable && c.asksCount) row.append(countForm(c, i));
    const error = el('span', '', 'error');
    row.append(...actionButtons(c, error), error);
    list.append(row);
  });
}
