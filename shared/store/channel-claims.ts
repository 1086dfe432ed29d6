import type { ChannelName } from '../model/message.ts';
import { claimAttribute, deliveryItemKey } from './entities/delivery.ts';
import { DUE } from './entities/table-shape.ts';
import { dueAgainKey, type ChannelClaim, type DeliveryRef } from './delivery-repository.ts';
import { updateIf, type Store } from './store.ts';

/**
 * How long a sender may hold a channel between claiming it and recording the outcome. Longer
 * than the send function's timeout (30 s) and the provider timeouts (8 s), so a live sender is
 * never overtaken; a crashed one's claim runs out and the tick brings the delivery back.
 */
export const CLAIM_LEASE_MS = 60_000;

/**
 * Claims one channel of a planned delivery for `owner`, with a conditional write: it wins only
 * if the channel is not yet sent and its claim is still the one the caller saw (`seen`), and
 * that one has run out. The due index then points at the claim's end, so the tick re-queues
 * the delivery only if the owner dies. False: someone else holds it, or it moved on.
 */
export async function claimChannel(
  store: Store,
  ref: DeliveryRef,
  channel: ChannelName,
  owner: string,
  seen: ChannelClaim | undefined,
  now: number,
): Promise<ChannelClaim | null> {
  // An attempt of unknown outcome keeps its start: the provider is searched from there.
  const claim: ChannelClaim = { owner, until: now + CLAIM_LEASE_MS, since: seen ? seen.since : now };
  const won = await updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: `SET #claim = :claim, ${DUE.sortKey} = :due`,
    ConditionExpression: `#status = :planned AND attribute_not_exists(sent.#channel) AND ${
      seen ? '#claim.#owner = :seen AND #claim.#until <= :now' : 'attribute_not_exists(#claim)'
    }`,
    ExpressionAttributeNames: {
      '#claim': claimAttribute(channel),
      '#status': 'status',
      '#channel': channel,
      ...(seen ? { '#owner': 'owner', '#until': 'until' } : {}),
    },
    ExpressionAttributeValues: {
      ':claim': claim,
      ':due': dueAgainKey(ref, claim.until),
      ':planned': 'planned',
      ...(seen ? { ':seen': seen.owner, ':now': now } : {}),
    },
  });
  return won ? claim : null;
}

/**
 * Ends `owner`'s hold early. `settled`: the provider surely did not take the message (a
 * refusal), so the next sender need not look for it. Otherwise the outcome is unknown: the claim
 * runs out at `until` (now, or later when the provider needs time to tell) and the next sender
 * reconciles with the provider first.
 */
export async function releaseChannel(
  store: Store,
  ref: DeliveryRef,
  channel: ChannelName,
  claim: Pick<ChannelClaim, 'owner'>,
  release: { settled: true } | { settled: false; until: number },
): Promise<boolean> {
  const names = { '#claim': claimAttribute(channel), '#owner': 'owner' };
  if (release.settled)
    return updateIf(store, {
      Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
      UpdateExpression: 'REMOVE #claim',
      ConditionExpression: '#claim.#owner = :owner',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':owner': claim.owner },
    });
  return updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: `SET #claim.#until = :until, ${DUE.sortKey} = :due`,
    ConditionExpression: '#claim.#owner = :owner AND #status = :planned',
    ExpressionAttributeNames: { ...names, '#until': 'until', '#status': 'status' },
    ExpressionAttributeValues: {
      ':owner': claim.owner,
      ':until': release.until,
      ':due': dueAgainKey(ref, release.until),
      ':planned': 'planned',
    },
  });
}

/**
 * After a refusal or throttling (nothing was sent): releases `owner`'s claim and brings the
 * delivery back through the due index at `retryAt`, remembering how many tries it took.
 */
export async function scheduleRetry(
  store: Store,
  ref: DeliveryRef,
  channel: ChannelName,
  owner: string | null, // null: a channel that needs no claim (the outbox)
  retry: { tries: number; retryAt: number; code: string },
): Promise<boolean> {
  return updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: `SET tries = :tries, retryAt = :at, failCode = :code, ${DUE.sortKey} = :due${owner ? ' REMOVE #claim' : ''}`,
    ConditionExpression: owner ? '#claim.#owner = :owner AND #status = :planned' : '#status = :planned',
    ExpressionAttributeNames: {
      '#status': 'status',
      ...(owner ? { '#claim': claimAttribute(channel), '#owner': 'owner' } : {}),
    },
    ExpressionAttributeValues: {
      ':tries': retry.tries,
      ':at': retry.retryAt,
      ':code': retry.code,
      ':due': dueAgainKey(ref, retry.retryAt),
      ':planned': 'planned',
      ...(owner ? { ':owner': owner } : {}),
    },
  });
}
