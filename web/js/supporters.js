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
  if (s.state === 'pending-agreement' && s.youAgreed === false)
    return 'asked: waiting for your answer (reply SUPPORTER YES or SUPPORTER NO)';
  // A state added later shows as it is named rather than not at all.
  return STATES[s.state] || s.state.replace(/-/g, ' ');
}

export function renderSupporters(supporters, me) {
  const list = $('supporters');
  list.replaceChildren();
  $('supporters-status').textContent = '';
  if (supporters.length === 0) list.append(el('li', 'No supporters. Add one in the plan file.', 'muted'));
  const otherName = me.other?.name || 'your partner';
  for (const s of supporters) {
    const row = el('li');
    row.append(el('span', `${s.name} - ${stateText(s, otherName)}`));
    row.append(
      button('Remove', `Remove ${s.name} as your supporter`, async () => {
        if (!confirm(`Remove ${s.name}? They get nothing more from Kept, at once, and ${otherName} is told.`)) return;
        try {
          await api('DELETE', `/api/supporters/${encodeURIComponent(s.id)}`);
          await reload();
          $('supporters-status').textContent = `${s.name} was removed. ${otherName} has been told.`;
        } catch (error) {
          $('supporters-status').textContent = error.message;
        }
      }),
    );
    list.append(row);
  }
}
