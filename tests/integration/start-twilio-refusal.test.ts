import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { connectStore } from '../../local/embedded-store.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { startTwilioFake, twilioError } from '../helpers/twilio-fake.ts';
import { twilioFakeSettings } from '../helpers/provider-settings.ts';

const SID = `AC${'7'.repeat(32)}`;
const TOKEN = 'start-twilio-token';
const CHECKIN = Date.parse('2026-11-27T01:00:00Z');
const clock = { now: CHECKIN - 3_600_000 };
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
beforeAll(async () => {
  twilio = await startTwilioFake(SID, TOKEN, { now: () => clock.now });
});
afterAll(() => twilio.close());

describe('kept start with Twilio configured', () => {
  it('a first refusal with 21606 is retried after a back-off, and once Twilio accepts, exactly one copy goes out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-twilio-'));
    const lines: string[] = [];
    const server = await startServer(
      readLocalSettings({
        KEPT_DATA_DIR: dir,
        KEPT_PORT: '0',
        ...twilioFakeSettings(twilio, SID, TOKEN),
      }),
      { info: (l) => lines.push(l), error: (l) => lines.push(l) },
      () => clock.now,
    );
    try {
      expect(lines.join('\n')).toMatch(/sms +-> Twilio/);
      const store = await connectStore(server.storeEndpoint);
      const plan = examplePlan();
      plan.rituals = [];
      plan.affirmations = [];
      await applyPlan(store, validPlan(plan), clock.now);
      const checkIns = () => twilio.messages.filter((m) => m.body.startsWith('Did you call Alex'));

      clock.now = CHECKIN;
      twilio.failNext(
        twilioError(400, 21606, 'The From phone number is not a valid, SMS-capable inbound phone number'),
      );
      await server.engine.runOnce();
      expect(checkIns()).toHaveLength(0);
      const [delivery] = (await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#')).filter((d) => d.kind === 'checkin');
      expect(delivery).toMatchObject({ status: 'planned', failCode: '21606', tries: 1, sent: {} });
      expect(lines.join('\n')).toMatch(/provider refused the message; will retry.*code=21606/);
      expect(lines.join('\n')).not.toContain('+15555550101'); // the address is masked

      for (const minutes of [1, 2, 3, 10]) {
        clock.now = CHECKIN + minutes * 60_000;
        await server.engine.runOnce();
      }
      expect(checkIns()).toHaveLength(1);
      expect(checkIns()[0]!.to).toBe('+15555550101');
      const [after] = (await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#')).filter((d) => d.kind === 'checkin');
      expect(after).toMatchObject({ status: 'sent' });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
