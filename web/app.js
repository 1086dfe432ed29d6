// The Kept dashboard's entry: ES modules in js/, one job each; no framework, no build step, nothing external.
import { api } from './js/api.js';
import { renderCheckInLog } from './js/checkin-log.js';
import { renderConversations } from './js/conversations.js';
import { $, renderList, show } from './js/dom.js';
import { renderPlan, wirePlanForms } from './js/plan.js';
import { renderPulse, wirePulse } from './js/pulse.js';
import { setLoader } from './js/refresh.js';
import { renderSettings, wireSettings } from './js/settings.js';
import { showCreatePair, showInvitation, showSignIn, wireSignIn } from './js/signin.js';
import { renderSupporters } from './js/supporters.js';
import { renderTrend, renderWeek } from './js/week.js';

async function load() {
  let me;
  try {
    me = await api('GET', '/api/me');
  } catch (error) {
    if (error.status !== 401) throw error;
    showSignIn();
    return;
  }
  show('signin', false);
  show('signout', true);
  if (me.invitation) return showInvitation(me);
  if (!me.partner) return showCreatePair();
  show('create', false);
  show('dashboard', true);
  const [{ weeks }, { plan }, { upcoming }, { checkIns }, { conversations }, pulse, { supporters }] = await Promise.all(
    [
      api('GET', '/api/weeks?count=4'),
      api('GET', '/api/plan'),
      api('GET', '/api/upcoming?days=7'),
      api('GET', '/api/checkins?days=14'),
      api('GET', '/api/conversations'),
      api('GET', '/api/pulse'),
      api('GET', '/api/supporters'),
    ],
  );
  renderSettings(me, plan);
  renderWeek(weeks[0], me);
  renderTrend(weeks);
  renderPlan(plan, me);
  renderList('upcoming', upcoming.slice(0, 10), (u) => `${u.localTime} - ${u.body}`, 'Nothing in the next 7 days.');
  renderCheckInLog(checkIns.slice(0, 20));
  renderConversations(conversations.slice(0, 12), me);
  renderPulse(pulse, me, supporters);
  renderSupporters(supporters, me);
}

setLoader(load);
wireSignIn();
wirePlanForms();
wireSettings();
wirePulse();
load().catch((error) => {
  $('signin-error').textContent = `Kept could not load: ${error.message}`;
  show('signin', true);
});
