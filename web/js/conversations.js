// Conversation prompts: your own answers always; your partner's only once you have both answered.
import { api } from './api.js';
import { $, button, el } from './dom.js';
import { field, inlineForm } from './inline-form.js';
import { reload } from './refresh.js';

const answerPath = (c) => `/api/conversations/${encodeURIComponent(c.at)}/answer`;
const day = (iso) => new Date(iso).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

function stateLine(c, otherName) {
  if (c.state === 'revealed') return 'You both answered.';
  if (c.state === 'closed') return c.yourAnswer ? `Closed. ${otherName} never sees your answer.` : 'Closed.';
  return c.yourAnswer
    ? `Waiting for ${otherName}. Your answer stays private until they answer too.`
    : `Open until ${new Date(c.closesAt).toLocaleString()}.`;
}

const answerForm = (c, i) =>
  inlineForm({
    className: 'answer-form',
    id: `conversation-answer-${i}`,
    label: 'Your answer (private until you have both answered)',
    control: field('textarea', { rows: 3, maxLength: 1000 }),
    submitText: 'Send my answer',
    send: (text) => api('POST', answerPath(c), { text }),
  });

export function renderConversations(conversations, me) {
  const list = $('conversations');
  list.replaceChildren();
  if (conversations.length === 0) list.append(el('li', 'No conversation prompts yet.', 'muted'));
  const otherName = me.other?.name || 'Your partner';
  conversations.forEach((c, i) => {
    const row = el('li', undefined, 'conversation');
    row.append(el('strong', c.prompt), el('span', ` ${day(c.at)}`, 'muted'));
    row.append(el('p', stateLine(c, otherName), 'muted'));
    if (c.yourAnswer) row.append(el('p', `You wrote: ${c.yourAnswer}`));
    if (c.theirAnswer) row.append(el('p', `${otherName} wrote: ${c.theirAnswer}`));
    if (c.state === 'waiting' && !c.yourAnswer) row.append(answerForm(c, i));
    if (c.yourAnswer)
      row.append(
        button('Delete my answer', `Delete my answer to: ${c.prompt}`, async () => {
          if (!confirm('Delete your answer? If it was revealed, it is taken back from the message too.')) return;
          try {
            await api('DELETE', answerPath(c));
            await reload();
          } catch (error) {
            // 409 reveal_pending: the partner has not received these words yet; the message says when.
            const said = el('p', error.message, 'error');
            said.setAttribute('role', 'alert');
            row.append(said);
          }
        }),
      );
    list.append(row);
  });
}
