// Your promises (add, edit, remove), the rituals you share and your notes to your partner.
import { api } from './api.js';
import { $, button, onSubmit, renderItems } from './dom.js';
import { reload } from './refresh.js';

let editing = null; // the id of the commitment being edited, or null when adding

const remover = (collection, item, title) =>
  button('Remove', `Remove ${title}`, async () => {
    await api('DELETE', `/api/${collection}/${encodeURIComponent(item.id)}`);
    await reload();
  });

function startEditing(c) {
  editing = c.id;
  $('add-title').value = c.title;
  $('add-repeat').value = c.repeat;
  $('add-time').value = c.checkInAt;
  $('add-submit').textContent = 'Save';
  $('add-cancel').hidden = false;
  $('add-title').focus();
}

function resetAddForm() {
  editing = null;
  $('add-title').value = '';
  $('add-submit').textContent = 'Add';
  $('add-cancel').hidden = true;
}

export function renderPlan(plan, me) {
  const mine = (plan.commitments || []).filter((c) => c.owner === me.partner.partnerId);
  renderItems(
    'commitments',
    mine,
    (c) => `${c.title} - check-in at ${c.checkInAt}`,
    (c) => [button('Edit', `Edit ${c.title}`, () => startEditing(c)), remover('commitments', c, c.title)],
    'No promises yet. Add one below.',
  );
  renderItems(
    'rituals',
    plan.rituals || [],
    (r) => `${r.title} - ${r.at}`,
    (r) => [remover('rituals', r, r.title)],
    'No rituals yet.',
  );
  const notes = (plan.affirmations || []).filter((a) => a.from === me.partner.partnerId);
  renderItems(
    'affirmations',
    notes,
    (a) => `${a.text} - at ${a.at}`,
    (a) => [remover('affirmations', a, a.text)],
    'No notes scheduled.',
  );
}

/** A form that creates one item through the API. */
function creator(formId, errorId, collection, read) {
  onSubmit(formId, errorId, async () => {
    await api('POST', `/api/${collection}`, read());
    $(formId).reset();
    await reload();
  });
}

export function wirePlanForms() {
  $('add-cancel').addEventListener('click', resetAddForm);
  onSubmit('add-form', 'add-error', async () => {
    const body = { title: $('add-title').value.trim(), repeat: $('add-repeat').value, checkInAt: $('add-time').value };
    if (editing) await api('PUT', `/api/commitments/${encodeURIComponent(editing)}`, body);
    else await api('POST', '/api/commitments', body);
    resetAddForm();
    await reload();
  });
  creator('ritual-form', 'ritual-error', 'rituals', () => ({
    title: $('ritual-title').value.trim(),
    repeat: $('ritual-repeat').value,
    at: $('ritual-at').value,
    timezone: $('settings-timezone').value,
  }));
  creator('note-form', 'note-error', 'affirmations', () => ({
    text: $('note-text').value.trim(),
    repeat: 'FREQ=DAILY',
    at: $('note-at').value,
  }));
}
