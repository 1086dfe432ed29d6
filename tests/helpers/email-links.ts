import { LocalEngine } from '../../local/engine.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import type { HttpRequest } from '../../shared/http/types.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { validPlan } from './plans.ts';

export const PUBLIC_URL = 'https://kept.example.com';

/**
 * The plan applied an hour before `at`, then the local engine (every channel to the outbox,
 * links in email signed with `secret`) runs its tick at `at`: the email with the links is sent.
 */
export async function engineSendingLinks(store: Store, plan: PlanInput, at: number, secret: string) {
  await applyPlan(store, validPlan(plan), at - 3_600_000);
  const clock = { now: at };
  const outbox = new OutboxChannel(store);
  const engine = new LocalEngine({
    store,
    channels: { sms: outbox, email: outbox },
    logger: silentLogger,
    now: () => clock.now,
    links: { secret, publicUrl: PUBLIC_URL },
  });
  await engine.runOnce();
  return { clock, engine };
}

/** A browser opening a link from an email (GET) or sending its form (POST, form-encoded). */
export const linkRequest = (method: string, path: string, body = ''): HttpRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
  sourceIp: '127.0.0.1',
});
