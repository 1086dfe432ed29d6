import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../shared/model/plan.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { type KeptWithBrowser, signIn, startKeptWithBrowser, stopKeptWithBrowser } from '../helpers/e2e-kept.ts';
import { examplePlan } from '../helpers/plans.ts';

/**
 * The dashboard's practice views in Debian's Chromium against `kept start`: conversations
 * (answer, reveal, delete), the pulse trend and sharing it, supporters (Remove), and in the
 * check-in log a count input and Undo. Two partners, each in their own browser context.
 */
const hasBrowser = browserAvailable();
const SAM = '+15555550101';
const ALEX = '+447700900123';
const HOUR = 3_600_000;
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
// `kept apply` runs on the real clock, so the server's clock starts there too.
const clock = { now: Date.now() };
// The next 00:00 UTC at least two hours away: the daily prompt (19:00 New York in winter, 20:00 in summer: both covered).
const promptDay = Math.floor((clock.now + 2 * HOUR) / 86_400_000) * 86_400_000 + 86_400_000;

let kept: KeptWithBrowser | undefined;

function plan(): PlanInput {
  const p = { ...examplePlan(), rituals: [], affirmations: [] };
  const ny = new Date(promptDay + 22 * HOUR).toISOString().slice(0, 10);
  p.commitments = [
    // A "how many times" promise from the prompt day on (its first check-in after both pulses).
    {
      id: 'late-nights',
      owner: 'sam',
      title: 'Late nights out',
      repeat: 'FREQ=DAILY',
      checkInAt: '21:00',
      limit: { times: 2, per: 'week' },
      start: ny,
    },
  ];
  p.conversations = { repeat: 'FREQ=DAILY', at: '00:00', timezone: 'UTC' };
  p.pulse = { day: DAYS[new Date(promptDay).getUTCDay()]!, at: '17:00' }; // Alex 17:00 London, Sam 17:00 New York
  p.supporters = [
    { id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' },
    { id: 'pat', name: 'Pat', email: 'pat@example.org' }, // asked of both partners
  ];
  return p;
}

async function at(time: number) {
  clock.now = time;
  await kept!.server.engine.runOnce();
  await kept!.server.engine.drain();
}

async function text(from: string, body: string) {
  const response = await fetch(`${kept!.server.url}/outbox/reply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  expect(response.status).toBe(200);
  await kept!.server.engine.drain();
}

/** Signs in a minute later than the last one: a code's message id names its minute, so two in one are one. */
async function signInAs(identity: string) {
  clock.now += 60_000;
  return signIn(kept!, identity);
}

const conversation = (page: Page) => page.locator('#conversations li').first();

beforeAll(async () => {
  if (!hasBrowser) return;
  kept = await startKeptWithBrowser(clock, 'practices', plan());
}, 60_000);

afterAll(() => stopKeptWithBrowser(kept));

describe.runIf(hasBrowser)("the dashboard's practice views", () => {
  it('conversations: your answer alone stays yours; both answers show once both answered; delete your own', async () => {
    await at(promptDay);
    clock.now += 5 * 60_000;
    const sam = await signInAs(SAM);
    await conversation(sam)
      .getByLabel('Your answer (private until you have both answered)')
      .fill('Sam: the porch coffee');
    await conversation(sam).getByRole('button', { name: 'Send my answer' }).click();
    await conversation(sam).getByText('You wrote: Sam: the porch coffee').waitFor();
    await conversation(sam).getByText('Waiting for Alex.', { exact: false }).waitFor();

    const alex = await signInAs(ALEX);
    await conversation(alex).getByRole('button', { name: 'Send my answer' }).waitFor();
    // Before Alex answers, nothing of Sam's words is anywhere on Alex's page.
    expect(await alex.locator('body').textContent()).not.toContain('porch coffee');
    await conversation(alex)
      .getByLabel('Your answer (private until you have both answered)')
      .fill('Alex: the river walk');
    await conversation(alex).getByRole('button', { name: 'Send my answer' }).click();
    await conversation(alex).getByText('Sam wrote: Sam: the porch coffee').waitFor();
    expect(await conversation(alex).textContent()).toContain('You both answered.');

    await sam.reload();
    await conversation(sam).getByText('Alex wrote: Alex: the river walk').waitFor();
    // Sam's words must reach Alex before Sam may take them back: until the reveal is sent, the page says why not.
    sam.once('dialog', (dialog) => dialog.accept());
    await conversation(sam)
      .getByRole('button', { name: /^Delete my answer/ })
      .click();
    await conversation(sam)
      .getByRole('alert')
      .getByText('has not received your answer yet', { exact: false })
      .waitFor();
    await kept!.server.engine.drain();
    sam.once('dialog', (dialog) => dialog.accept());
    await conversation(sam)
      .getByRole('button', { name: /^Delete my answer/ })
      .click();
    await expect.poll(() => conversation(sam).textContent()).not.toContain('You wrote:');
    await alex.reload();
    await conversation(alex).getByText('You wrote: Alex: the river walk').waitFor();
    expect(await alex.locator('body').textContent()).not.toContain('porch coffee');
  }, 90_000);

  it("pulse: each sees their own trend; the partner's only once they tick Share, from the next question", async () => {
    await at(promptDay + 16 * HOUR);
    const alex = await signInAs(ALEX);
    // The box names everyone a shared pulse reaches: Sam and the confirmed supporter's weekly email;
    // the note under it says sharing starts with the next question.
    await alex.getByText('Sharing starts with your next weekly question').waitFor();
    // Sharing is saved before the question goes out (the box is ticked before the request ends).
    const saved = alex.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await alex.getByLabel('Share my pulse with Sam and our confirmed supporters (Dr. Lee)', { exact: true }).check();
    expect((await saved).status()).toBe(200);

    await at(promptDay + 17 * HOUR); // Alex asked (17:00 London), while sharing
    await text(ALEX, '8');
    await at(promptDay + 22 * HOUR); // Sam asked (17:00 New York)
    await text(SAM, '4');
    const sam = await signInAs(SAM);
    await alex.reload();
    const label = async (page: Page, id: string) => (await page.locator(id).getAttribute('aria-label')) ?? '';
    await expect.poll(() => label(sam, '#pulse-mine')).toContain('4 of 10');
    await expect.poll(() => label(alex, '#pulse-mine')).toContain('8 of 10');
    expect(await alex.locator('#pulse-card').textContent()).not.toContain('4 of 10');
    await sam.getByRole('heading', { name: "Alex's pulse, shared with you" }).waitFor();
    await expect.poll(() => label(sam, '#pulse-theirs')).toContain('8 of 10');
    // Sam does not share: Alex still sees only Alex's own.
    await alex.reload();
    await alex.locator('#pulse-mine[aria-label]').waitFor();
    expect(await alex.locator('#pulse-theirs-box').isHidden()).toBe(true);
  }, 90_000);

  it('supporters: a request is answered on the page; either partner removes one at once and the other is told', async () => {
    const sam = await signInAs(SAM);
    const alex = await signInAs(ALEX);
    const pat = (page: Page) => page.locator('#supporters li', { hasText: 'Pat' });
    await pat(sam).getByText('asked: waiting for your answer').waitFor();
    // The address shows: partners agree to who reads their week, not to a name.
    await pat(sam).getByText('Pat (pat@example.org) - asked', { exact: false }).waitFor();
    await pat(sam).getByRole('button', { name: 'Agree: Pat as your supporter' }).click();
    await pat(sam).getByText('you said yes; waiting for Alex too').waitFor();
    // Alex sees only that Alex is asked; a no closes it and tells nobody.
    await pat(alex).getByText('asked: waiting for your answer').waitFor();
    await pat(alex).getByRole('button', { name: 'Decline: Pat as your supporter' }).click();
    await alex.getByText('OK: Pat will not be your supporter, and the request is closed. Nobody is told.').waitFor();
    await expect.poll(() => pat(alex).count()).toBe(0);
    await sam.reload();
    const row = sam.locator('#supporters li', { hasText: 'Dr. Lee' });
    await row.getByText('confirmed', { exact: false }).waitFor();
    sam.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Remove Dr. Lee as your supporter' }).click();
    await sam.getByText('Dr. Lee was removed. Alex has been told.').waitFor();
    expect(await sam.locator('#supporters').textContent()).toContain('No supporters.');
    await kept!.server.engine.drain();
    const notices = (await kept!.outbox()).filter((m) => m.kind === 'supporter-removed');
    expect(notices.map((m) => [m.to, m.body])).toEqual([
      [ALEX, 'Sam removed Dr. Lee as your supporter. They will get no more weekly summaries from Kept.'],
    ]);
  }, 60_000);

  it('the check-in log: a number for a "how many times" promise, and Undo on the answer just given', async () => {
    await at(promptDay + 26 * HOUR + 60_000); // 21:00 New York: the first late-nights check-in
    const sam = await signInAs(SAM);
    const row = sam.locator('#log li', { hasText: 'Late nights out' });
    expect(await row.getByRole('button', { name: 'Kept: Late nights out' }).count()).toBe(0);
    await row.getByLabel('How many times: Late nights out').fill('3');
    await row.getByRole('button', { name: 'Log the number: Late nights out' }).click();
    await sam.locator('#log li', { hasText: 'Late nights out: missed (3)' }).waitFor();
    await sam.getByRole('button', { name: 'Undo my answer: Late nights out' }).click();
    await sam.locator('#log li', { hasText: 'Late nights out: waiting for an answer' }).waitFor();
    expect(await sam.getByRole('button', { name: 'Undo my answer: Late nights out' }).count()).toBe(0);
    await sam.getByLabel('How many times: Late nights out').fill('1');
    await sam.getByRole('button', { name: 'Log the number: Late nights out' }).click();
    await sam.locator('#log li', { hasText: 'Late nights out: kept (1)' }).waitFor();
  }, 60_000);
});
