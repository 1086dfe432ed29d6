// The check-in log: answer an open check-in (like a Y / N / SKIP text), own a miss, thank a kept notice.
import { api } from './api.js';
import { $, button, el } from './dom.js';
import { reload } from './refresh.js';

const describe = (c) =>
  `${new Date(c.occurrenceAt).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${c.title}: ${c.status === 'open' ? (c.ownable || c.ownedAt ? 'unanswered' : 'waiting for an answer') : c.status}${c.ownedAt ? ', owned' : ''}`;

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

function actionButtons(c) {
  const post = (action, body) => async () => {
    await api('POST', checkInPath(c, action), body);
    await reload();
  };
  const buttons = [];
  if (c.answerable)
    for (const [label, answer] of [
      ['Kept', 'Y'],
      ['Missed', 'N'],
      ['Skip', 'SKIP'],
    ])
      buttons.push(button(label, `${label}: ${c.title}`, post('answer', { answer })));
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
    row.append(...actionButtons(c));
    list.append(row);
  });
}
