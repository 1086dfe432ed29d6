// The weekly pulse (how close and safe you felt, 0-10): your own trend, your partner's only if they share it.
import { api } from './api.js';
import { $, el, show } from './dom.js';
import { barChart } from './chart.js';
import { reload } from './refresh.js';
import { shortDate } from './week.js';

function trend(id, points, whose) {
  const box = $(id);
  if (points.length === 0) {
    box.removeAttribute('aria-label');
    box.replaceChildren(el('p', whose === 'Your' ? 'No answers yet.' : 'No answers shared yet.', 'muted'));
    return;
  }
  box.setAttribute(
    'aria-label',
    `${whose} pulse by week, oldest first: ${points.map((p) => `${p.value} of 10`).join(', ')}`,
  );
  box.replaceChildren(barChart(points.map((p) => ({ value: p.value / 10, label: shortDate(p.at) }))));
}

export function renderPulse(pulse, me) {
  show('pulse-card', pulse.asked);
  if (!pulse.asked) return;
  trend('pulse-mine', pulse.mine, 'Your');
  $('pulse-share').checked = pulse.sharing;
  $('pulse-share-label').textContent = `Share my pulse with ${me.other?.name || 'my partner'}`;
  show('pulse-theirs-box', pulse.theirs !== undefined);
  if (pulse.theirs) {
    $('pulse-theirs-title').textContent = `${pulse.theirs.name}'s pulse, shared with you`;
    trend('pulse-theirs', pulse.theirs.points, `${pulse.theirs.name}'s`);
  }
}

export function wirePulse() {
  $('pulse-share').addEventListener('change', async () => {
    $('pulse-error').textContent = '';
    try {
      await api('PATCH', '/api/me', { sharePulse: $('pulse-share').checked });
      await reload();
    } catch (error) {
      $('pulse-share').checked = !$('pulse-share').checked; // what is stored did not change
      $('pulse-error').textContent = error.message;
    }
  });
}
