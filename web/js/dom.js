// Small DOM helpers shared by every view. Every user text goes in with textContent, never as HTML.

export const $ = (id) => document.getElementById(id);

export const show = (id, visible) => {
  $(id).hidden = !visible;
};

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A button with its own accessible name (several rows carry the same visible label). */
export function button(label, aria, onClick, className = 'secondary') {
  const b = el('button', label, className);
  b.type = 'button';
  b.setAttribute('aria-label', aria);
  b.addEventListener('click', onClick);
  return b;
}

/** A plain list of texts, or one muted line when it is empty. */
export function renderList(id, items, format, empty) {
  const list = $(id);
  list.replaceChildren();
  if (items.length === 0) list.append(el('li', empty, 'muted'));
  for (const item of items) list.append(el('li', format(item)));
}

/** A list of items, each with its own buttons. */
export function renderItems(id, items, describe, actions, empty) {
  const list = $(id);
  list.replaceChildren();
  if (items.length === 0) list.append(el('li', empty, 'muted'));
  for (const item of items) {
    const row = el('li');
    const buttons = el('span');
    buttons.append(...actions(item));
    row.append(el('span', describe(item)), buttons);
    list.append(row);
  }
}

/** The action, run with its error (the API's message and field) shown in errorNode, cleared first. */
export const reportingTo = (errorNode, action) => async () => {
  errorNode.textContent = '';
  try {
    await action();
  } catch (error) {
    errorNode.textContent = error.message;
  }
};

/** Wires a form's submit: the action's error shows by the form. */
export function onSubmit(formId, errorId, action) {
  const run = reportingTo($(errorId), action);
  $(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    return run();
  });
}
