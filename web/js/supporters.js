// The pair's supporters (a counsellor, a trusted friend): where each stands, and Remove for either partner.
import { api } from './api.js';
import { $, button, el } from './dom.js';
import { reload } from './refresh.js';

const STATES = {
  'pending-agreement': 'waiting for you both to agree',
  'waiting-for-supporter': 'waiting for them to confirm',
  confirmed: 'confirmed: gets the weekly summary (kept counts only)',
};

function stateText(s, otherName) {
  // Only the viewer's own answer is known here: a partner's answer (or a no) tells nobody.
  if (s.state === 'pending-agreement' && s.youAgreed === true) return `you said yes; waiting for ${otherName} too`;
  if (s.state === 'pending-agreement' && s.youAgreed === false) return 'asked: waiting for your answer';
  // A state added later shows as it is named rather than not at all.
  return STATES[s.state] || s.state.replace(/-/g, ' ');
}

/** Runs a change, redraws, then says what happened (or why not) under the list. */
const act = (change, said) => async () => {
  try {
    const result = await change();
    await reload();
    $('supporters-status').textContent = said(result);
  } catch (error) {
    $('supporters-status').textContent = error.message;
  }
};

function actions(s, otherName) {
  const path = `/api/supporters/${encodeURIComponent(s.id)}`;
  const buttons = [];
  // Asked and not yet answered by you: yes or no here, as SUPPORTER YES / NO by text.
  if (s.state === 'pending-agreement' && s.youAgreed === false)
    for (const [label, agree] of [
      ['Agree', true],
      ['Decline', false],
    ])
      buttons.push(
        button(
          label,
          `${label}: ${s.name} as your supporter`,
          act(
            () => api('POST', `${path}/answer`, { agree }),
            (result) => result.message,
          ),
        ),
      );
  const remove = act(
    () => api('DELETE', path),
    () => `${s.name} was removed. ${otherName} has been told.`,
  );
  buttons.push(
    button('Remove', `Remove ${s.name} as your supporter`, async () => {
      if (confirm(`Remove ${s.name}? They get nothing more from Kept, at once, and ${otherName} is told.`))
        await remove();
    }),
  );
  return buttons;
}

export function renderSupporters(supporters, me) {
  const list = $('supporters');
  list.replaceChildren();
  if (supporters.length === 0) list.append(el('li', 'No supporters. Add one in the plan file.', 'muted'));
  const otherName = me.other?.name || 'your partner';
  for (const s of supporters) {
    const row = el('li');
    const buttons = el('span');
    buttons.append(...actions(s, otherName));
    row.append(el('span', `${s.name} (${s.email}) - ${stateText(s, otherName)}`), buttons);
    list.append(row);
  }
}
