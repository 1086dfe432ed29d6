// Renders /outbox.json with textContent only (message bodies are user text).
(() => {
  const list = document.getElementById('messages');
  const empty = document.getElementById('empty');
  const count = document.getElementById('count');
  const template = document.getElementById('message');
  let lastSignature = null; // not '': an empty list must still be drawn once, to show the hint
  const statuses = new Map(); // message id -> what happened to the last answer sent from it

  function render(messages) {
    const signature = messages.map((m) => m.id).join('|');
    if (signature === lastSignature) return;
    lastSignature = signature;
    list.replaceChildren();
    empty.hidden = messages.length > 0;
    count.textContent = messages.length ? `(${messages.length} shown)` : '';
    for (const m of messages) {
      const item = template.content.firstElementChild.cloneNode(true);
      item.querySelector('.kind').textContent = m.kind;
      item.querySelector('.channel').textContent = m.channel;
      item.querySelector('.to').textContent = `to ${m.recipientId} (${m.to})`;
      const time = item.querySelector('time');
      time.dateTime = m.sentAt;
      time.textContent = new Date(m.sentAt).toLocaleString();
      const subject = item.querySelector('.subject');
      if (m.subject) subject.textContent = m.subject;
      else subject.remove();
      item.querySelector('.body').textContent = m.body;
      if (m.channel === 'sms') item.append(replyForm(m));
      list.append(item);
    }
  }

  // Answer as the partner who got this text: it goes through the same reply handling as a real SMS.
  function replyForm(m) {
    const form = document.createElement('form');
    form.className = 'reply';
    const id = `reply-${m.id.replace(/[^a-z0-9]/gi, '-')}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.className = 'visually-hidden';
    label.textContent = `Reply as ${m.recipientId}`;
    const input = document.createElement('input');
    input.id = id;
    input.name = 'body';
    input.placeholder = `Reply as ${m.recipientId} (Y, N, THANKS, PAUSE 3, STOP...)`;
    input.autocomplete = 'off';
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Send';
    const status = document.createElement('div');
    status.className = 'status';
    status.setAttribute('role', 'status');
    status.textContent = statuses.get(m.id) || '';
    form.append(label, input, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        const response = await fetch('/outbox/reply', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: m.to, body: input.value }),
        });
        const result = await response.json();
        status.textContent = response.ok ? sentText(m.recipientId, result.outcome) : result.error.message;
        statuses.set(m.id, status.textContent);
        if (response.ok) input.value = '';
      } catch {
        status.textContent = 'Could not reach Kept.';
      } finally {
        button.disabled = false;
        lastSignature = null;
        refresh();
      }
    });
    const wrapper = document.createElement('div');
    wrapper.append(form, status);
    return wrapper;
  }

  function sentText(recipientId, outcome) {
    if (outcome === 'handled') return `Sent as ${recipientId}. Kept's answer, if any, appears at the top.`;
    return `Not taken: ${outcome}.`;
  }

  async function refresh() {
    const active = document.activeElement;
    if (active && active.tagName === 'INPUT' && active.value) return; // don't redraw under someone typing
    try {
      const response = await fetch('/outbox.json', { cache: 'no-store' });
      if (response.ok) render((await response.json()).messages);
    } catch {
      /* the server is restarting; try again on the next beat */
    }
  }

  refresh();
  setInterval(refresh, 2000);
})();
