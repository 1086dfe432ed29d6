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

/**
 * Who a shared pulse reaches: the partner, and every confirmed supporter's weekly email (now and
 * any confirmed later), so the box names them all.
 */
function shareLabel(me, supporters) {
  const partner = me.other?.name || 'my partner';
  const confirmed = supporters.filter((s) => s.state === 'confirmed').map((s) => s.name);
  if (confirmed.length === 0) return `Share my pulse with ${partner} (and any supporter you both agree to)`;
  return `Share my pulse with ${partner} and our confirmed supporters (${confirmed.join(', ')})`;
}

export function renderPulse(pulse, me, supporters = []) {
  show('pulse-card', pulse.asked);
  if (!pulse.asked) return;
  trend('pulse-mine', pulse.mine, 'Your');
  $('pulse-share').checked = pulse.sharing;
  $('pulse-share-label').textContent = shareLabel(me, supporters);
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
