// The check-in log: answer an open check-in (like a Y / N / SKIP or number text), undo it, own a miss, thank a kept notice.
import { api } from './api.js';
import { $, button, el } from './dom.js';
import { reload } from './refresh.js';

const describe = (c) =>
  `${new Date(c.occurrenceAt).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${c.title}: ${c.status === 'open' ? (c.ownable || c.ownedAt ? 'unanswered' : 'waiting for an answer') : c.status}${c.count !== undefined ? ` (${c.count})` : ''}${c.ownedAt ? ', owned' : ''}`;

const checkInPath = (c, action) => `/api/checkins/${encodeURIComponent(c.checkInKey)}/${action}`;

// A miss of yours that can still be owned offers "Own it": your words go to your partner as a repair note.
function ownForm(c, i) {
  const form = el('form', undefined, 'own-form');
  const label = el('label', `Own it: what happened with ${c.title}, and what you will do`, 'visually-hidden');
  label.htmlFor = `own-${i}`;
  const input = el('input');
  input.id = `own-${i}`;
  input.name = 'note';
  input.required = true;
  input.maxLength = 300;
  input.placeholder = 'What happened, and what you will do';
  const submit = el('button', 'Own it');
  submit.type = 'submit';
  const error = el('span', '', 'error');
  form.append(label, input, submit, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', checkInPath(c, 'own'), { note: input.value.trim() });
      await reload();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return form;
}

// "How many times today?" promises (a limit, or more than once a day) are answered with a number, like a text.
function countForm(c, i) {
  const form = el('form', undefined, 'count-form');
  const label = el('label', `How many times: ${c.title}`, 'visually-hidden');
  label.htmlFor = `count-${i}`;
  const input = el('input');
  input.id = `count-${i}`;
  input.type = 'number';
  input.min = '0';
  input.max = '1000';
  input.step = '1';
  input.required = true;
  input.inputMode = 'numeric';
  input.placeholder = 'How many times?';
  const submit = el('button', 'Log');
  submit.type = 'submit';
  submit.setAttribute('aria-label', `Log the number: ${c.title}`);
  const error = el('span', '', 'error');
  form.append(label, input, submit, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', checkInPath(c, 'answer'), { count: Number(input.value) });
      await reload();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  return form;
}

function actionButtons(c, error) {
  const post = (action, body) => async () => {
    error.textContent = '';
    try {
      await api('POST', checkInPath(c, action), body);
      await reload();
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
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
