import { describe, expect, it } from 'vitest';
import { comparableAddress, mailboxOf, sameAddress } from '../../shared/model/email-address.ts';

describe('when two email addresses count as the same', () => {
  it('the same address (agreement, opt-out, claims, sign-in): case and surrounding spaces only', () => {
    expect(sameAddress('Lee.Smith@Example.org', ' lee.smith@EXAMPLE.ORG ')).toBe(true);
    expect(sameAddress('lee@example.org', 'lee+kept@example.org')).toBe(false);
    expect(comparableAddress(' Lee+Kept@Example.org')).toBe('lee+kept@example.org');
  });

  it('the same mailbox (a partner may not be their own supporter): a +tag does not count either', () => {
    expect(mailboxOf('Sam+kept@Example.com')).toBe('sam@example.com');
    expect(mailboxOf('sam+a+b@example.com')).toBe('sam@example.com');
    expect(mailboxOf('sammy@example.com')).not.toBe(mailboxOf('sam@example.com'));
    // A + in the domain is not a tag (not a valid address either: left as it is).
    expect(mailboxOf('sam@ex+ample.com')).toBe('sam@ex+ample.com');
  });
});
