import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import { nextCheckIn, useKeptWithBrowser } from '../helpers/e2e-kept.ts';

const hasBrowser = browserAvailable();
const SAM = '+15555550101';
const ALEX = '+447700900123';
// `kept apply` runs on the real clock, so the server's clock starts there too.
const clock = { now: Date.now() };

const app = useKeptWithBrowser(clock, 'own', hasBrowser);
const { outbox, signIn } = app;

describe.runIf(hasBrowser)('owning a miss in the dashboard', () => {
  it('a miss in the check-in log offers "Own it"; the partner gets the repair note', async () => {
    // A weekday 20:00 New York: the check-in goes out, and nobody answers it for a day.
    const checkInAt = nextCheckIn(clock.now);
    clock.now = checkInAt;
    await app.server.engine.runOnce();
    clock.now = checkInAt + 25 * 3_600_000;
    await app.server.engine.runOnce();

    const page = await signIn(SAM);

    const log = page.locator('#log');
    const miss = log.locator('li', { hasText: 'Call Alex at lunch: unanswered' });
    await miss.waitFor();
    await miss.getByLabel(/Own it/).fill("I forgot. I'm setting a 12:30 alarm.");
    await miss.getByRole('button', { name: 'Own it' }).click();
    await log.locator('li', { hasText: 'Call Alex at lunch: unanswered, owned' }).waitFor();
    expect(await log.getByRole('button', { name: 'Own it' }).count()).toBe(0);
    await app.server.engine.drain();
    // The server's own loop may be sending it at that moment: wait for it to be recorded.
    const notes = async () => (await outbox()).filter((m) => m.kind === 'repair-note');
    await expect
      .poll(async () => (await notes()).map((m) => [m.to, m.body]), { timeout: 10_000 })
      .toEqual([
        [
          ALEX,
          "Sam owned a missed promise (Call Alex at lunch): I forgot. I'm setting a 12:30 alarm. Reply THANKS to let them know you heard.",
        ],
      ]);
    await page.close();
  }, 60_000);
});
