// The Kept dashboard. No framework, no external resources; every user text goes in with textContent.
(() => {
  const $ = (id) => document.getElementById(id);
  const show = (id, visible) => {
    $(id).hidden = !visible;
  };
  let identity = '';

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      // Every change is JSON, even an empty one: the server refuses any other type (cross-site forms).
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(
        data.error ? data.error.message + (data.error.path ? ` (${data.error.path})` : '') : `HTTP ${response.status}`,
      );
      error.status = response.status;
      throw error;
    }
    return data;
  }

  const identityBody = (value) => (value.includes('@') ? { email: value } : { phone: value });
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  // --- Sign in -------------------------------------------------------------------------------
  $('start-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    identity = $('identity').value.trim();
    $('signin-error').textContent = '';
    try {
      await api('POST', '/api/auth/start', identityBody(identity));
      show('verify-form', true);
      $('code').focus();
    } catch (error) {
      $('signin-error').textContent = error.message;
    }
  });

  $('verify-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('signin-error').textContent = '';
    try {
      await api('POST', '/api/auth/verify', { ...identityBody(identity), code: $('code').value.trim() });
      history.replaceState(null, '', '/');
      await load();
    } catch (error) {
      $('signin-error').textContent = error.message;
    }
  });

  $('signout').addEventListener('click', async () => {
    await api('POST', '/api/auth/signout', {});
    location.reload();
  });

  // --- Create a pair -------------------------------------------------------------------------
  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('create-error').textContent = '';
    const contact = $('create-partner').value && $('create-contact').value.trim();
    try {
      await api('POST', '/api/pairs', {
        name: $('create-name').value.trim(),
        timezone: $('create-timezone').value.trim(),
        pairName: $('create-pair').value.trim(),
        invite: {
          name: $('create-partner').value.trim(),
          ...(contact.includes('@') ? { email: contact } : { phone: contact }),
        },
      });
      await load();
    } catch (error) {
      $('create-error').textContent = error.message;
    }
  });

  // --- The dashboard -------------------------------------------------------------------------
  function renderWeek(week, me) {
    const list = $('week');
    list.replaceChildren();
    const rows = [
      ...week.own.map((s) => [s.title, `kept ${s.kept} of ${s.due}`, s]),
      ...week.rituals.map((s) => [s.title, `done ${s.kept} of ${s.due}`, s]),
    ];
    for (const s of week.other)
      rows.push([`${week.otherName}: ${s.title}`, `kept ${s.kept}${week.share === 'all' ? ` of ${s.due}` : ''}`, s]);
    if (rows.length === 0) list.append(el('li', 'Nothing asked yet this week.', 'muted'));
    for (const [title, detail, s] of rows) {
      const item = el('li');
      item.append(el('strong', title), el('span', ` ${detail}`, 'muted'));
      const bar = el('div', undefined, 'bar');
      const fill = el('span');
      fill.style.width = `${s.due ? Math.round((100 * s.kept) / s.due) : 0}%`;
      bar.append(fill);
      item.append(bar);
      list.append(item);
    }
    $('thanks').textContent =
      `Together you kept ${week.couple.kept} this week. Thanks received: ${week.thanks.received}, given: ${week.thanks.sent}.`;
    $('hello').textContent =
      `Hi ${me.partner.name}${me.other ? ` - with ${me.other.name}${me.other.consent === 'pending' ? ' (invited, not joined yet)' : ''}` : ''}.`;
  }

  function renderTrend(weeks) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 320 120');
    const ordered = [...weeks].reverse();
    const rates = ordered.map((w) => {
      const all = [...w.own, ...w.rituals];
      const due = all.reduce((n, s) => n + s.due, 0);
      return due ? all.reduce((n, s) => n + s.kept, 0) / due : 0;
    });
    $('trend').setAttribute(
      'aria-label',
      `Kept rate by week, oldest first: ${rates.map((r) => `${Math.round(r * 100)}%`).join(', ')}`,
    );
    rates.forEach((rate, i) => {
      const x = 20 + i * (280 / Math.max(rates.length, 1));
      const height = Math.max(2, rate * 90);
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(x));
      rect.setAttribute('y', String(100 - height));
      rect.setAttribute('width', '40');
      rect.setAttribute('height', String(height));
      rect.setAttribute('fill', '#1a6553');
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', String(x + 20));
      label.setAttribute('y', '115');
      label.setAttribute('text-anchor', 'middle');
      label.setAttribute('font-size', '11');
      label.textContent = new Date(ordered[i].weekStart).toLocaleDateString(undefined, {
        month: 'short',
        day: 'numeric',
      });
      svg.append(rect, label);
    });
    $('trend').replaceChildren(svg);
  }

  let summarySettings = {}; // kept whole: PATCH replaces the summary object
  let editing = null; // the id of the commitment being edited, or null when adding

  function button(label, aria, onClick, className = 'secondary') {
    const b = el('button', label, className);
    b.type = 'button';
    b.setAttribute('aria-label', aria);
    b.addEventListener('click', onClick);
    return b;
  }

  /** A list of items, each with its own buttons. */
  function renderItems(id, items, describe, actions, empty) {
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

  const remover = (collection, item, title) =>
    button('Remove', `Remove ${title}`, async () => {
      await api('DELETE', `/api/${collection}/${encodeURIComponent(item.id)}`);
      await load();
    });

  function renderPlan(plan, me) {
    const mine = (plan.commitments || []).filter((c) => c.owner === me.partner.partnerId);
    renderItems(
      'commitments',
      mine,
      (c) => `${c.title} - check-in at ${c.checkInAt}`,
      (c) => [
        button('Edit', `Edit ${c.title}`, () => {
          editing = c.id;
          $('add-title').value = c.title;
          $('add-repeat').value = c.repeat;
          $('add-time').value = c.checkInAt;
          $('add-submit').textContent = 'Save';
          $('add-cancel').hidden = false;
          $('add-title').focus();
        }),
        remover('commitments', c, c.title),
      ],
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

  function resetAddForm() {
    editing = null;
    $('add-title').value = '';
    $('add-submit').textContent = 'Add';
    $('add-cancel').hidden = true;
  }
  $('add-cancel').addEventListener('click', resetAddForm);

  /** Wires a form that creates one item through the API, showing the API's error by the form. */
  function creator(formId, errorId, collection, read) {
    $(formId).addEventListener('submit', async (event) => {
      event.preventDefault();
      $(errorId).textContent = '';
      try {
        await api('POST', `/api/${collection}`, read());
        $(formId).reset();
        await load();
      } catch (error) {
        $(errorId).textContent = error.message;
      }
    });
  }
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

  // A miss of yours that can still be owned offers "Own it": your words go to your partner as a repair note.
  function addOwnForms(items) {
    items.forEach((c, i) => {
      if (!c.ownable) return;
      const form = el('form', undefined, 'own-form');
      const label = el('label', `Own it: what happened with ${c.title}, and what you will do`, 'visually-hidden');
      label.htmlFor = `own-${i}`;
      const input = el('input');
      input.id = `own-${i}`;
      input.name = 'note';
      input.required = true;
      input.maxLength = 300;
      input.placeholder = 'What happened, and what you will do';
      const button = el('button', 'Own it');
      button.type = 'submit';
      const error = el('span', '', 'error');
      form.append(label, input, button, error);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          await api('POST', `/api/checkins/${encodeURIComponent(c.checkInKey)}/own`, { note: input.value.trim() });
          await load();
        } catch (failure) {
          error.textContent = failure.message;
        }
      });
      $('log').children[i].append(form);
    });
  }

  // Today's open check-ins answer like a text (Y / N / SKIP); a partner's kept notice can be thanked.
  function addCheckInButtons(items) {
    items.forEach((c, i) => {
      const post = (action, body) => async () => {
        await api('POST', `/api/checkins/${encodeURIComponent(c.checkInKey)}/${action}`, body);
        await load();
      };
      const row = $('log').children[i];
      if (c.answerable)
        for (const [label, answer] of [
          ['Kept', 'Y'],
          ['Missed', 'N'],
          ['Skip', 'SKIP'],
        ])
          row.append(button(label, `${label}: ${c.title}`, post('answer', { answer })));
      if (c.thankable) row.append(button('Say thanks', `Say thanks for ${c.title}`, post('thanks', {})));
    });
  }

  function renderList(id, items, format, empty) {
    const list = $(id);
    list.replaceChildren();
    if (items.length === 0) list.append(el('li', empty, 'muted'));
    for (const item of items) list.append(el('li', format(item)));
  }

  $('add-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('add-error').textContent = '';
    try {
      const body = {
        title: $('add-title').value.trim(),
        repeat: $('add-repeat').value,
        checkInAt: $('add-time').value,
      };
      if (editing) await api('PUT', `/api/commitments/${encodeURIComponent(editing)}`, body);
      else await api('POST', '/api/commitments', body);
      resetAddForm();
      await load();
    } catch (error) {
      $('add-error').textContent = error.message;
    }
  });

  $('settings-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('settings-error').textContent = '';
    try {
      const from = $('settings-quiet-from').value;
      const to = $('settings-quiet-to').value;
      await api('PATCH', '/api/me', {
        timezone: $('settings-timezone').value.trim(),
        ...(from && to ? { quietHours: { from, to } } : {}),
        channel: $('settings-channel').value,
      });
      await api('PATCH', '/api/pair', {
        summary: {
          ...summarySettings,
          day: $('settings-summary-day').value,
          ...($('settings-summary-at').value ? { at: $('settings-summary-at').value } : {}),
        },
      });
      await load();
    } catch (error) {
      $('settings-error').textContent = error.message;
    }
  });
  $('pause').addEventListener('click', async () => {
    const { pausedUntil } = await api('POST', '/api/me/pause', { days: Number($('pause-days').value) });
    $('pause-status').textContent = `Paused until ${new Date(pausedUntil).toLocaleString()}.`;
  });
  $('resume').addEventListener('click', async () => {
    await api('POST', '/api/me/resume', {});
    $('pause-status').textContent = 'Reminders are on.';
  });
  for (const [id, path] of [
    ['invitation-accept', '/api/invitation/accept'],
    ['invitation-decline', '/api/invitation/decline'],
  ]) {
    $(id).addEventListener('click', async () => {
      await api('POST', path, {});
      location.reload();
    });
  }

  // A calendar URL shared by mistake: the old one stops working.
  $('calendar-rotate').addEventListener('click', async () => {
    const { url } = await api('POST', '/api/calendar/rotate', {});
    $('calendar-status').textContent = `New calendar link (the old one no longer works): ${url}`;
  });

  // A lost phone or a shared laptop: every session of yours ends, this one too.
  $('signout-everywhere').addEventListener('click', async () => {
    await api('POST', '/api/auth/signout-everywhere', {});
    location.reload();
  });
  $('erase').addEventListener('click', async () => {
    if (!confirm('Delete all your data from Kept? This cannot be undone.')) return;
    await api('DELETE', '/api/me');
    await api('POST', '/api/auth/signout', {});
    location.reload();
  });

  async function load() {
    let me;
    try {
      me = await api('GET', '/api/me');
    } catch (error) {
      if (error.status !== 401) throw error;
      show('signin', true);
      show('signout', false);
      const hash = new URLSearchParams(location.hash.slice(1));
      if (hash.get('signin')) {
        identity = hash.get('signin');
        $('identity').value = identity;
        $('code').value = hash.get('code') || '';
        show('verify-form', true);
      }
      return;
    }
    show('signin', false);
    show('signout', true);
    if (me.invitation) {
      // Before saying yes an invitee sees only the invitation (the server shows them nothing else).
      show('invitation', true);
      $('invitation-text').textContent =
        `${me.invitation.from || 'Your partner'} invited you to ${me.pair.name || 'Kept'}: reminders and check-ins for the promises you make each other. You can stop at any time.`;
      return;
    }
    if (!me.partner) {
      show('create', true);
      $('create-timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return;
    }
    show('create', false);
    show('dashboard', true);
    $('settings-timezone').value = me.partner.timezone;
    $('settings-channel').value = me.partner.channel || 'sms';
    if (me.partner.quietHours) {
      $('settings-quiet-from').value = me.partner.quietHours.from;
      $('settings-quiet-to').value = me.partner.quietHours.to;
    }
    if (me.partner.pausedUntil && Date.parse(me.partner.pausedUntil) > Date.now())
      $('pause-status').textContent = `Paused until ${new Date(me.partner.pausedUntil).toLocaleString()}.`;
    const [{ weeks }, { plan }, { upcoming }, { checkIns }] = await Promise.all([
      api('GET', '/api/weeks?count=4'),
      api('GET', '/api/plan'),
      api('GET', '/api/upcoming?days=7'),
      api('GET', '/api/checkins?days=14'),
    ]);
    renderWeek(weeks[0], me);
    renderTrend(weeks);
    renderPlan(plan, me);
    // The weekly summary is the pair's setting (both partners get it), kept in the plan.
    summarySettings = plan.pair.summary || {};
    $('settings-summary-day').value = summarySettings.day || 'SU';
    $('settings-summary-at').value = summarySettings.at || '';
    renderList('upcoming', upcoming.slice(0, 10), (u) => `${u.localTime} - ${u.body}`, 'Nothing in the next 7 days.');
    renderList(
      'log',
      checkIns.slice(0, 20),
      (c) =>
        `${new Date(c.occurrenceAt).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })} ${c.title}: ${c.status === 'open' ? (c.ownable || c.ownedAt ? 'unanswered' : 'waiting for an answer') : c.status}${c.ownedAt ? ', owned' : ''}`,
      'No check-ins yet.',
    );
    addOwnForms(checkIns.slice(0, 20));
    addCheckInButtons(checkIns.slice(0, 20));
  }

  load().catch((error) => {
    $('signin-error').textContent = `Kept could not load: ${error.message}`;
    show('signin', true);
  });
})();
