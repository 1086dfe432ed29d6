import { describe, expect, it } from 'vitest';
import { exampleStack } from '../helpers/stack-template.ts';

const { byType, functionNamed, serviceOf, statementsOf, actionsOf } = exampleStack();

describe('least privilege', () => {
  it('grants no wildcard actions and no wildcard resources', () => {
    for (const [, policy] of byType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*$|^\*/);
        for (const resource of [statement.Resource].flat()) expect(resource).not.toBe('*');
      }
    }
  });

  it('the tick can plan but cannot send: no SES, no Twilio secret, no Scan, no delete', () => {
    const [tickId] = functionNamed('tick');
    const actions = actionsOf(tickId);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']),
    );
    for (const forbidden of ['ses:SendEmail', 'ssm:GetParameter', 'dynamodb:Scan', 'dynamodb:DeleteItem'])
      expect(actions).not.toContain(forbidden);
  });

  it('the sender reads a delivery with its recipient in one BatchGet and may Query the table (texts written at send time, a supporter as recipient), never an index, never delete', () => {
    const [sendId] = functionNamed('send');
    const actions = actionsOf(sendId);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const queried = JSON.stringify(
      statementsOf(sendId)
        .filter((s) => [s.Action].flat().includes('dynamodb:Query'))
        .map((s) => s.Resource),
    );
    expect(queried).not.toContain('/index/');
  });

  it('no function can Scan; the webhooks cannot delete items', () => {
    for (const [id] of byType('AWS::Lambda::Function')) expect(actionsOf(id)).not.toContain('dynamodb:Scan');
    for (const name of ['twilio-sms', 'twilio-status', 'ses-notifications']) {
      expect(actionsOf(functionNamed(name)[0])).not.toContain('dynamodb:DeleteItem');
    }
  });

  it('only the sender and the API (sign-in codes) send email, and each function reads only the secrets it needs', () => {
    for (const [id] of byType('AWS::Lambda::Function')) {
      const sendsEmail = actionsOf(id).includes('ses:SendEmail');
      expect(sendsEmail, id).toBe(['send', 'api'].includes(serviceOf(id)));
    }
    const secretsOf = (name: string) =>
      statementsOf(functionNamed(name)[0])
        .filter((s) => [s.Action].flat().includes('ssm:GetParameter'))
        .map((s) => JSON.stringify(s.Resource));
    expect(secretsOf('ses-notifications')).toEqual([]);
    expect(secretsOf('tick')).toEqual([]);
    expect(secretsOf('api').join()).toContain('/kept/link-secret');
    expect(secretsOf('twilio-sms').join()).not.toContain('link-secret');
    expect(secretsOf('twilio-status').join()).not.toContain('link-secret');
  });

  it('the SES handler queries only the email index; the SMS webhook only the phone index', () => {
    const queried = (name: string) =>
      JSON.stringify(
        statementsOf(functionNamed(name)[0])
          .filter((s) => [s.Action].flat().includes('dynamodb:Query'))
          .map((s) => s.Resource),
      );
    expect(queried('ses-notifications')).toContain('/index/GSI3');
    expect(queried('ses-notifications')).not.toMatch(/GSI1|GSI2/);
    expect(queried('twilio-sms')).toContain('/index/GSI2');
    expect(queried('twilio-sms')).not.toMatch(/GSI1|GSI3/);
  });
});
