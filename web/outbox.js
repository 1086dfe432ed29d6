// Renders /outbox.json with textContent only (message bodies are user text).
(function () {
  const list = document.getElementById('messages');
  const empty = document.getElementById('empty');
  const count = document.getElementById('count');
  const template = document.getElementById('message');
  let lastSignature = '';

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
      if (window.keptReplyForm && m.channel === 'sms') item.append(window.keptReplyForm(m));
      list.append(item);
    }
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
