/** Settings that send real texts through the Twilio fake, as this account, from +15550001111. */
export const twilioFakeSettings = (fake: { url: string }, accountSid: string, authToken: string) => ({
  TWILIO_ACCOUNT_SID: accountSid,
  TWILIO_AUTH_TOKEN: authToken,
  TWILIO_FROM: '+15550001111',
  TWILIO_API_URL: fake.url,
});

/** Settings that send real email through the local SES, from kept@example.com. */
export const sesLocalSettings = (ses: { url: string }) => ({
  KEPT_EMAIL_FROM: 'kept@example.com',
  AWS_ENDPOINT_URL_SES: ses.url,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
});
