// Your settings: zone, quiet hours, channel, the pair's weekly summary, pause, calendar link, sessions, data.
import { api } from './api.js';
import { $, onSubmit } from './dom.js';
import { reload } from './refresh.js';

let summarySettings = {}; // kept whole: PATCH replaces the summary object

export function renderSettings(me, plan) {
  $('settings-timezone').value = me.partner.timezone;
  $('settings-channel').value = me.partner.channel || 'sms';
  if (me.partner.quietHours) {
    $('settings-quiet-from').value = me.partner.quietHours.from;
    $('settings-quiet-to').value = me.partner.quietHours.to;
  }
  if (me.partner.pausedUntil && Date.parse(me.partner.pausedUntil) > Date.now())
    $('pause-status').textContent = `Paused until ${new Date(me.partner.pausedUntil).toLocaleString()}.`;
  // The weekly summary is the pair's setting (both partners get it), kept in the plan.
  summarySettings = plan.pair.summary || {};
  $('settings-summary-day').value = summarySettings.day || 'SU';
  $('settings-summary-at').value = summarySettings.at || '';
}

export function wireSettings() {
  onSubmit('settings-form', 'settings-error', async () => {
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
    await reload();
  });
  $('pause').addEventListener('click', async () => {
    const { pausedUntil } = await api('POST', '/api/me/pause', { days: Number($('pause-days').value) });
    $('pause-status').textContent = `Paused until ${new Date(pausedUntil).toLocaleString()}.`;
  });
  $('resume').addEventListener('click', async () => {
    await api('POST', '/api/me/resume', {});
    $('pause-status').textContent = 'Reminders are on.';
  });
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
}
