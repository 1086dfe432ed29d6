import { readFileSync } from 'node:fs';
import { simulate } from '../local/simulate.ts';
import { parsePlanText } from '../shared/model/validate-plan.ts';
const v = parsePlanText('plan', readFileSync('examples/plan.json', 'utf8'));
if (!v.ok) throw new Error('bad');
const from = Date.parse(process.argv[2]!),
  until = Date.parse(process.argv[3]!);
const replies = process.argv[4] ? JSON.parse(readFileSync(process.argv[4], 'utf8')) : [];
const lines = await simulate(v.plan, {
  from,
  until,
  replies,
  onStore: (s) => {
    s.doc.middlewareStack.add(
      (next: any, ctx: any) => async (args: any) => {
        const c = args ?? {};
        const i = (c.input ?? {}) as any;
        const key =
          i.Key?.SK ??
          i.Item?.SK ??
          i.ExpressionAttributeValues?.[':sk'] ??
          i.ExpressionAttributeValues?.[':prefix'] ??
          i.IndexName ??
          '';
        console.log(
          'REQ',
          ctx.commandName.replace('Command', ''),
          String(key).slice(0, 40),
          i.UpdateExpression ? i.UpdateExpression.slice(0, 60) : '',
        );
        return next(args);
      },
      { step: 'initialize', name: 'trace' } as any,
    );
  },
});
for (const l of lines) console.log('MSG', l.at, l.kind);
