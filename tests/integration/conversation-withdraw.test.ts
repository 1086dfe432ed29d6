import { beforeAll, describe, expect, it } from 'vitest';
import { getConversation, markRevealed, recordConversationAnswer } from '../../shared/store/conversation-repository.ts';
import { conversationSk } from '../../shared/store/keys.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

const fortnight = useScriptedFortnight();
const { session, clock } = fortnight;
let store: Store;
let api: ApiHarness;
beforeAll(() => {
  ({ store, api } = fortnight.started());
});

const SUNDAY = '/api/conversations/2026-12-07T00:00:00.000Z/answer';
const WEDNESDAY = '/api/conversations/2026-12-03T00:00:00.000Z/answer';
const sunday = async (phone: string) =>
  jsonOf(await api.call('GET', '/api/conversations', await session(phone))).conversations.find(
    (c: { at: string }) => c.at === '2026-12-07T00:00:00.000Z',
  );
const revealsTo = async (phone: string) =>
  (await listWholeOutbox(store)).filter(
    (m) => m.kind === 'conversation-reveal' && m.to === phone && m.sentAt > '2026-12-07',
  );

describe('deleting your conversation answer after the reveal (the exchange is mutual)', () => {
  it('refuses the delete (409) while the reveal of your words to your partner is still waiting for their quiet hours', async () => {
    // Alex answers second at 05:00Z: midnight in New York, so Sam's reveal waits; Alex reads Sam's words at once.
    clock.now = Date.parse('2026-12-07T05:00:00Z');
    const alex = await session(ALEX);
    const answered = await api.call('POST', SUNDAY, alex, { text: 'ALEX SECRET WORDS' });
    expect(jsonOf(answered)).toEqual({ answered: true, revealed: true });
    await api.engine.drain();
    expect(await sunday(ALEX)).toMatchObject({
      state: 'revealed',
      theirAnswer: 'Sunday words Sam is waiting to share',
    });

    const refused = await api.call('DELETE', SUNDAY, alex);
    expect(refused.status).toBe(409);
    expect(jsonOf(refused).error.code).toBe('reveal_pending');
    expect(await sunday(ALEX)).toMatchObject({ yourAnswer: 'ALEX SECRET WORDS' });

    // Sam's quiet hours end: the promised reveal goes out and Sam sees Alex's words.
    clock.now = Date.parse('2026-12-07T14:00:00Z');
    await api.engine.runOnce();
    await api.engine.drain();
    const toSam = await revealsTo(SAM);
    expect(toSam).toHaveLength(1);
    expect(toSam[0]!.body).toContain('ALEX SECRET WORDS');
    expect(toSam[0]!.sentAt >= '2026-12-07T14:00').toBe(true);
    expect(await sunday(SAM)).toMatchObject({ theirAnswer: 'ALEX SECRET WORDS' });
  });

  it('once the partner has the words, deletes them, and the deleter no longer reads the partner’s', async () => {
    const deleted = await api.call('DELETE', SUNDAY, await session(ALEX));
    expect(jsonOf(deleted)).toEqual({ deleted: true });
    const alexView = await sunday(ALEX);
    expect(alexView).not.toHaveProperty('yourAnswer');
    expect(alexView).not.toHaveProperty('theirAnswer');
    const samView = await sunday(SAM);
    expect(samView).toMatchObject({ yourAnswer: 'Sunday words Sam is waiting to share' });
    expect(samView).not.toHaveProperty('theirAnswer');
  });

  it('deletes at once an answer nobody was promised (a prompt that closed with one answer)', async () => {
    const deleted = await api.call('DELETE', WEDNESDAY, await session(SAM));
    expect(jsonOf(deleted)).toEqual({ deleted: true });
  });

  it('a delete racing the second answer: refused once the reveal is promised, and a delete that came first leaves nothing to reveal', async () => {
    await fortnight.at('2026-12-10T00:00:00Z'); // Wednesday's prompt
    const key = conversationSk(Date.parse('2026-12-10T00:00:00Z'));
    const path = '/api/conversations/2026-12-10T00:00:00.000Z/answer';
    const now = clock.now;
    const answer = async (id: string, text: string) =>
      recordConversationAnswer(
        store,
        (await getConversation(store, 'sam-alex', key))!,
        id,
        { text, at: new Date(now).toISOString() },
        now,
      );
    await answer('sam', 'Sam first');
    await answer('alex', 'Alex second');
    const bothAnswered = (await getConversation(store, 'sam-alex', key))!;

    // Alex deletes before the answering request promised the reveal: the delete wins, the promise fails.
    expect(jsonOf(await api.call('DELETE', path, await session(ALEX)))).toEqual({ deleted: true });
    expect(await markRevealed(store, bothAnswered, ['sam', 'alex'], now)).toBe(false);
    expect((await getConversation(store, 'sam-alex', key))!.revealedAt).toBeUndefined();

    // Answered again and promised, the reveals not yet planned: a delete now is refused.
    await answer('alex', 'Alex again');
    expect(await markRevealed(store, (await getConversation(store, 'sam-alex', key))!, ['sam', 'alex'], now)).toBe(
      true,
    );
    const refused = await api.call('DELETE', path, await session(SAM));
    expect(refused.status).toBe(409);
    expect(jsonOf(refused).error).toMatchObject({
      code: 'reveal_pending',
      message: expect.stringContaining('on its way'),
    });
    expect((await getConversation(store, 'sam-alex', key))!.answers.sam).toBeDefined();
  });
});
