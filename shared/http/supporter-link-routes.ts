import type { AppDeps } from '../app-deps.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { readSupporterAgreeToken, readSupporterConfirmToken } from '../links/supporter-link.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import { listPartners } from '../store/partner-repository.ts';
import { getAgreement, type SupporterAgreement } from '../store/supporter-repository.ts';
import { awaitsSupporter, isPendingFor } from '../supporters/agreement.ts';
import {
  ANSWERED_REPLIES,
  answerAsSupporter,
  answerSupporterRequest,
  type RequestRef,
} from '../supporters/answer-request.ts';
import { parseForm } from './form.ts';
import { linkNotValidPage, simplePage } from './pages.ts';
import type { HttpResponse, Route } from './types.ts';
import type { PartnerRecord } from '../model/partner-state.ts';

export interface SupporterLinkDeps extends AppDeps {
  queue: DeliveryQueue;
  linkSecret: string;
  afterAnswer?: () => Promise<void>;
}

const invalidPage = linkNotValidPage;
const notOpenPage = () =>
  simplePage(
    410,
    'This request is no longer open',
    '<p>It was answered, withdrawn or has run out (requests stay open for 14 days). Nothing was changed.</p>',
  );

/** The request's email text as a page: what the supporter will and will not see, then the two buttons. */
const formPage = (title: string, text: string, yes: string, no: string) =>
  simplePage(
    200,
    title,
    `${text
      .split(/\n{2,}/)
      .filter((_p, i, all) => i !== all.length - 2) // the email's how-to-answer line: the buttons are here
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join(
        '',
      )}<form method="post"><button type="submit" name="answer" value="yes">${yes}</button> <button type="submit" name="answer" value="no" class="secondary">${no}</button></form>`,
  );

/** "yes", "no", or null for anything else (a form that was not ours). */
const answerOf = (body: string) => {
  const answer = parseForm(body).answer;
  return answer === 'yes' || answer === 'no' ? answer : null;
};
const noAnswer = () => simplePage(400, 'Nothing was chosen', '<p>Choose one of the two buttons.</p>');

/**
 * A supporter's agreement by email. `/sa/{token}`: a partner agrees or declines one request;
 * `/sc/{token}`: the supporter confirms once both partners agreed. Mail scanners open links by
 * themselves, so each GET only shows the choice; the form's POST decides, through the same use
 * cases as SUPPORTER YES by text. A token names its pair, supporter and request: a link for
 * another pair, another partner's request or an ended request (withdrawn, declined, answered)
 * does nothing, and the supporter's link never stands for a partner's yes.
 */
export function supporterLinkRoutes(deps: SupporterLinkDeps): Route[] {
  const { now } = deps;
  const find = async (pairId: string, supporterId: string, requestId: string) => {
    const [agreement, partners] = await Promise.all([
      getAgreement(deps.store, pairId, supporterId),
      listPartners(deps.store, pairId),
    ]);
    if (!agreement || agreement.requestId !== requestId) return null;
    return { agreement, partners };
  };
  const loadPartner = async (
    token: string,
  ): Promise<
    | { page: HttpResponse }
    | { agreement: SupporterAgreement; partner: PartnerRecord; other: PartnerRecord | undefined; ref: RequestRef }
  > => {
    const check = readSupporterAgreeToken(deps.linkSecret, token, now());
    if (!check.ok) return { page: check.reason === 'expired' ? notOpenPage() : invalidPage() };
    const { p, r, s, q } = check.payload;
    const found = await find(p, s, q);
    const partner = found?.partners.find((x) => x.partnerId === r);
    if (!found || !partner) return { page: invalidPage() };
    const other = found.partners.find((x) => x.partnerId !== r);
    return { agreement: found.agreement, partner, other, ref: { pairId: p, supporterId: s, requestId: q } };
  };
  const loadSupporter = async (
    token: string,
  ): Promise<{ page: HttpResponse } | { agreement: SupporterAgreement; names: string[]; ref: RequestRef }> => {
    const check = readSupporterConfirmToken(deps.linkSecret, token, now());
    if (!check.ok) return { page: check.reason === 'expired' ? notOpenPage() : invalidPage() };
    const { p, s, q } = check.payload;
    const ref = { pairId: p, supporterId: s, requestId: q };
    const found = await find(p, s, q);
    if (!found) return { page: invalidPage() };
    return { agreement: found.agreement, names: found.partners.map((x) => x.name), ref };
  };
  return [
    {
      method: 'GET',
      path: '/sa/:token',
      handle: async (_request, params) => {
        const loaded = await loadPartner(params.token!);
        if ('page' in loaded) return loaded.page;
        const { agreement, partner } = loaded;
        if (agreement.answers[partner.partnerId])
          return simplePage(200, 'You have answered', '<p>Your answer stands. Nothing else to do.</p>');
        if (!isPendingFor(agreement, partner.partnerId, now())) return notOpenPage();
        return formPage(
          supporterTexts.requestSubject(agreement.name),
          supporterTexts.requestEmail(agreement.name, agreement.email, ''),
          'I agree',
          'I do not agree',
        );
      },
    },
    {
      method: 'POST',
      path: '/sa/:token',
      authorizedBy: 'link-token',
      handle: async (request, params) => {
        const loaded = await loadPartner(params.token!);
        if ('page' in loaded) return loaded.page;
        const answer = answerOf(request.body);
        if (!answer) return noAnswer();
        const { agreement, partner, other, ref } = loaded;
        if (!agreement.answers[partner.partnerId] && !isPendingFor(agreement, partner.partnerId, now()))
          return notOpenPage();
        const { outcome } = await answerSupporterRequest(deps, ref, partner, answer === 'yes', 'email-link', now());
        await deps.afterAnswer?.();
        if (outcome === 'not-waiting') return notOpenPage();
        if (outcome === 'already-answered')
          return simplePage(409, 'You have answered', '<p>Your first answer stands.</p>');
        return simplePage(
          200,
          'Thank you',
          `<p>${escapeHtml(ANSWERED_REPLIES[outcome](agreement.name, other?.name))}</p>`,
        );
      },
    },
    {
      method: 'GET',
      path: '/sc/:token',
      handle: async (_request, params) => {
        const loaded = await loadSupporter(params.token!);
        if ('page' in loaded) return loaded.page;
        const { agreement, names } = loaded;
        if (agreement.status === 'confirmed')
          return simplePage(200, 'You have confirmed', '<p>The weekly summary comes on the couple’s summary day.</p>');
        if (!awaitsSupporter(agreement, now())) return notOpenPage();
        return formPage(
          'Would you be their supporter?',
          supporterTexts.confirmEmail({ supporterName: agreement.name, names: names.join(' and '), url: '' }),
          'Yes, I confirm',
          'No, thank you',
        );
      },
    },
    {
      method: 'POST',
      path: '/sc/:token',
      authorizedBy: 'link-token',
      handle: async (request, params) => {
        const loaded = await loadSupporter(params.token!);
        if ('page' in loaded) return loaded.page;
        const answer = answerOf(request.body);
        if (!answer) return noAnswer();
        const outcome = await answerAsSupporter(deps, loaded.ref, answer === 'yes', now());
        await deps.afterAnswer?.();
        if (outcome === 'not-waiting') return notOpenPage();
        if (outcome === 'declined')
          return simplePage(200, 'Thank you', '<p>You will get nothing from Kept about them. Nobody is told.</p>');
        return simplePage(
          200,
          'Thank you for confirming',
          `<p>You will get a weekly email about ${escapeHtml(loaded.names.join(' and '))}: kept promises only. Either of them can end it at any time.</p>`,
        );
      },
    },
  ];
}
