// The Kept dashboard's entry: ES modules in js/, one job each; no framework, no build step, nothing external.
import { api } from './js/api.js';
import { renderCheckInLog } from './js/checkin-log.js';
import { $, renderList, show } from './js/dom.js';
import { renderPlan, wirePlanForms } from './js/plan.js';
import { setLoader } from './js/refresh.js';
import { renderSettings, wireSettings } from './js/settings.js';
import { showCreatePair, showInvitation, showSignIn, wireSignIn } from './js/signin.js';
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
  const [{ weeks }, { plan }, { upcoming }, { checkIns }] = await Promise.all([
    api('GET', '/api/weeks?count=4'),
    api('GET', '/api/plan'),
    api('GET', '/api/upcoming?days=7'),
    api('GET', '/api/checkins?days=14'),
  ]);
  renderSettings(me, plan);
  renderWeek(weeks[0], me);
  renderTrend(weeks);
  renderPlan(plan, me);
  renderList('upcoming', upcoming.slice(0, 10), (u) => `${u.localTime} - ${u.body}`, 'Nothing in the next 7 days.');
  renderCheckInLog(checkIns.slice(0, 20));
}

setLoader(load);
wireSignIn();
wirePlanForms();
wireSettings();
load().catch((error) => {
  $('signin-error').textContent = `Kept could not load: ${error.message}`;
  show('signin', true);
});
