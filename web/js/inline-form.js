// A one-field form inside a list row (own a miss, log a number, answer a prompt): on submit it
// sends the field's value, then redraws the page; a refusal shows next to the button.
import { el, reportingTo } from './dom.js';
import { reload } from './refresh.js';

/**
 * control: the input or textarea (its id is set here); label: its accessible name (shown above
 * it unless hideLabel); submitText / submitAria: the button's text and, when several rows share
 * it, its own name; send(value): the API call.
 */
export function inlineForm({ className, id, label, hideLabel = false, control, submitText, submitAria, send }) {
  const form = el('form', undefined, className);
  const labelNode = el('label', label, hideLabel ? 'visually-hidden' : undefined);
  labelNode.htmlFor = id;
  control.id = id;
  control.required = true;
  const submit = el('button', submitText);
  submit.type = 'submit';
  if (submitAria) submit.setAttribute('aria-label', submitAria);
  const error = el('span', '', 'error');
  form.append(labelNode, control, submit, error);
  const run = reportingTo(error, async () => {
    await send(control.value);
    await reload();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    return run();
  });
  return form;
}

/** An input with these properties (type, maxLength, placeholder, ...). */
export function field(tag, properties) {
  return Object.assign(el(tag), properties);
}
