import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleStack } from '../helpers/stack-template.ts';

const { template, outdir, errors, byType, functionNamed } = exampleStack();

describe("the Kept stack's functions", () => {
  it('the example environment synthesizes with no CDK or cdk-nag error', () => {
    expect(errors).toEqual([]);
  });

  it('runs every function on arm64 and a current Node.js runtime, with source maps and its own log group', () => {
    const functions = byType('AWS::Lambda::Function');
    expect(functions).toHaveLength(6);
    for (const [, fn] of functions) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const [, group] of byType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('serves the dashboard from the API function, same origin as the API: its files are bundled with it', () => {
    const [, api] = functionNamed('api');
    const assetHash = String(api.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundle = join(outdir, `asset.${assetHash}`);
    const modules = readdirSync(new URL('../../web/js/', import.meta.url)).map((file) => `web/js/${file}`);
    expect(modules.length).toBeGreaterThan(3);
    for (const file of ['index.mjs', 'web/index.html', 'web/app.js', 'web/app.css', ...modules])
      expect(existsSync(join(bundle, file)), file).toBe(true);
    const [, tick] = functionNamed('tick');
    const tickBundle = join(outdir, `asset.${String(tick.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    expect(existsSync(join(tickBundle, 'web'))).toBe(false);
  });

  it("answers API Gateway within its 29 s: the API function's timeout is below it, the webhooks' below Twilio's 15 s", () => {
    expect(functionNamed('api')[1].Properties.Timeout).toBeLessThan(29);
    expect(functionNamed('twilio-sms')[1].Properties.Timeout).toBeLessThan(15);
    expect(functionNamed('twilio-status')[1].Properties.Timeout).toBeLessThan(15);
  });

  it('keeps secrets out of the environment: only SSM parameter names are there', () => {
    for (const [, fn] of byType('AWS::Lambda::Function')) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      for (const [name, value] of Object.entries(variables)) {
        if (/TOKEN|SECRET|PASSWORD/.test(name)) expect(name, `${name}=${JSON.stringify(value)}`).toMatch(/_PARAM$/);
      }
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/authToken|AuthToken"\s*:\s*"[^/]/);
  });

  it('gives the tick one full vCPU (1,769 MB, by measurement) and a 55 s timeout; it stops 10 s before', () => {
    const [, tick] = functionNamed('tick');
    expect(tick.Properties.MemorySize).toBe(1769);
    expect(tick.Properties.Timeout).toBe(55);
  });
});
