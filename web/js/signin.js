// Signing in with a code, starting a pair, answering an invitation, signing out.
import { api, identityBody } from './api.js';
import { $, onSubmit, show } from './dom.js';
import { reload } from './refresh.js';

let identity = '';

export function wireSignIn() {
  onSubmit('start-form', 'signin-error', async () => {
    identity = $('identity').value.trim();
    await api('POST', '/api/auth/start', identityBody(identity));
    show('verify-form', true);
    $('code').focus();
  });
  onSubmit('verify-form', 'signin-error', async () => {
    await api('POST', '/api/auth/verify', { ...identityBody(identity), code: $('code').value.trim() });
    history.replaceState(null, '', '/');
    await reload();
  });
  $('signout').addEventListener('click', async () => {
    await api('POST', '/api/auth/signout', {});
    location.reload();
  });
  onSubmit('create-form', 'create-error', async () => {
    const contact = $('create-partner').value && $('create-contact').value.trim();
    await api('POST', '/api/pairs', {
      name: $('create-name').value.trim(),
      timezone: $('create-timezone').value.trim(),
      pairName: $('create-pair').value.trim(),
      invite: {
        name: $('create-partner').value.trim(),
        ...(contact.includes('@') ? { email: contact } : { phone: contact }),
      },
    });
    await reload();
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
}

/** Signed out: the sign-in form, filled in from a sign-in link (/#signin=...&code=...). */
export function showSignIn() {
  show('signin', true);
  show('signout', false);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('signin')) {
    identity = hash.get('signin');
    $('identity').value = identity;
    $('code').value = hash.get('code') || '';
    show('verify-form', true);
  }
}

/** Before saying yes an invitee sees only the invitation (the server shows them nothing else). */
export function showInvitation(me) {
  show('invitation', true);
  $('invitation-text').textContent =
    `${me.invitation.from || 'Your partner'} invited you to ${me.pair.name || 'Kept'}: reminders and check-ins for the promises you make each other. You can stop at any time.`;
}

export function showCreatePair() {
  show('create', true);
  $('create-timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone;
}
