import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import { nextCheckIn, useKeptWithBrowser } from '../helpers/e2e-kept.ts';

const hasBrowser = browserAvailable();
const SAM = '+15555550101';
const ALEX = '+447700900123';
// `kept apply` runs on the real clock, so the server's clock starts there too.
const clock = { now: Date.now() };

const app = useKeptWithBrowser(clock, 'actions', hasBrowser);
const { outbox, signIn: signInAs } = app;

describe.runIf(hasBrowser)('acting from the dashboard', () => {
  it('answers a check-in, the partner says thanks, and channel and summary time are set', async () => {
    const checkInAt = nextCheckIn(clock.now);
    clock.now = checkInAt;
    await app.server.engine.runOnce();
    clock.now = checkInAt + 60_000;

    const sam = await signInAs(SAM);
    const open = sam.locator('#log li', { hasText: 'Call Alex at lunch: waiting for an answer' });
    await open.getByRole('button', { name: 'Kept: Call Alex at lunch' }).click();
    await sam.locator('#log li', { hasText: 'Call Alex at lunch: kept' }).waitFor();
    expect(
      await sam
        .locator('#log')
        .getByRole('button', { name: /^Kept:/ })
        .count(),
    ).toBe(0);
    // The kept notice goes out once the answer has settled, as for a text reply.
    clock.now += 11 * 60_000;
    await app.server.engine.runOnce();
    await app.server.engine.drain();
    // The server's own loop may be sending it at that moment: wait for it to be recorded.
    await expect
      .poll(async () => (await outbox()).filter((m) => m.kind === 'kept-notice').map((m) => m.to), { timeout: 10_000 })
      .toEqual([ALEX]);

    const alex = await signInAs(ALEX);
    const kept = alex.locator('#log li', { hasText: 'Call Alex at lunch: kept' });
    await kept.getByRole('button', { name: 'Say thanks for Call Alex at lunch' }).click();
    await alex.locator('#log li', { hasText: 'Call Alex at lunch: kept' }).waitFor();
    await expect.poll(() => alex.getByRole('button', { name: /Say thanks/ }).count()).toBe(0);
    await app.server.engine.drain();
    await expect
      .poll(async () => (await outbox()).filter((m) => m.kind === 'thanks-notice').map((m) => m.to), {
        timeout: 10_000,
      })
      .toEqual([SAM]);

    await sam.getByLabel('Reach me by').selectOption('both');
    await sam.getByLabel('Weekly summary on').selectOption('FR');
    await sam.getByLabel('Summary at').fill('18:30');
    await sam.locator('#settings-form').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const { plan } = await sam.evaluate(async () => (await fetch('/api/plan')).json());
        const me = plan.partners.find((p: { name: string }) => p.name === 'Sam');
        return [me.channel, plan.pair.summary];
      })
      .toEqual(['both', { day: 'FR', at: '18:30' }]);
    expect(await sam.locator('#settings-error').textContent()).toBe('');
    await sam.reload();
    await expect.poll(() => sam.getByLabel('Summary at').inputValue()).toBe('18:30');
    expect(await sam.getByLabel('Reach me by').inputValue()).toBe('both');
  }, 90_000);
});
