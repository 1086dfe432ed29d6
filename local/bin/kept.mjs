#!/usr/bin/env node
// The `kept` command. Runs a bundle of the TypeScript sources that esbuild builds on the first
// start after any change (kept in node_modules/.cache/kept/), or the sources through tsx if that
// cannot be done.
import { loadCli } from './load-cli.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Output piped into a command that stops reading (kept preview | head) is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
const { cli, source, reason } = await loadCli();
// For a start that seems slow: says whether it ran the cached bundle, built one, or used tsx (and why).
if (process.env.KEPT_DEBUG_BUNDLE === '1')
  process.stderr.write(`kept: from ${source}${reason ? ` (${reason})` : ''}\n`);
// Exit with the command's code even if a library left a timer or socket open: a command that
// is done (or failed) must never hang.
process.exit(await cli.main(process.argv.slice(2)));
