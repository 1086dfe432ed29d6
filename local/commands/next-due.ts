import type { Store } from '../../shared/store/store.ts';
import { MINUTE_MS } from '../../shared/util/time.ts';
import { previewMessages } from './preview.ts';

const SHOWN = 3;

/** "in 3 h 5 min", "in 12 min", "within a minute": how long until `at`, for people. */
export function untilText(at: number, now: number): string {
  const minutes = Math.ceil((at - now) / MINUTE_MS);
  if (minutes <= 1) return 'within a minute';
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days >= 2) return `in ${days} days`;
  if (hours === 0) return `in ${minutes} min`;
  const rest = minutes - hours * 60;
  return `in ${hours} h${rest ? ` ${rest} min` : ''}`;
}

/**
 * After an apply: when the pair's next messages go out, so nobody waits at an empty outbox
 * wondering whether it worked. The first few, then how to see the rest.
 */
export async function nextDueLines(store: Store, pairId: string, now: number, running: boolean): Promise<string[]> {
  const lines = (await previewMessages(store, now, 7)).filter((line) => line.pairId === pairId);
  if (lines.length === 0)
    return ['Nothing is due in the next 7 days (a partner who has not consented gets only the invitation).'];
  const first = lines.slice(0, SHOWN).map((line) => {
    const at = Date.parse(line.at);
    const local = line.localTime.slice(0, 16).replace('T', ' ');
    return `  ${untilText(at, now).padEnd(16)} ${line.kind} to ${line.recipient} (${local} ${line.zone})`;
  });
  const more = lines.length - first.length;
  return [
    'Next messages:',
    ...first,
    `  ${more > 0 ? `and ${more} more this week; ` : ''}npx kept preview lists them. ${
      running ? 'They appear in the outbox when due.' : 'Kept is not running: npm start sends them when due.'
    }`,
  ];
}
