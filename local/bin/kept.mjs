#!/usr/bin/env node
// The `kept` command. Runs the TypeScript sources directly through tsx's loader.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// Output piped into a command that stops reading (kept preview | head) is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
const { main } = await import('../cli.ts');
// Exit with the command's code even if a library left a timer or socket open: a command that
// is done (or failed) must never hang.
process.exit(await main(process.argv.slice(2)));
