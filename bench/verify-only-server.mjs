// The webhook benchmark's baseline: a plain Node HTTP server that does the part of Kept's
// webhook every serious handler must do (read the form, verify Twilio's signature with the
// same library) and answers the same empty TwiML, with no store and no reply logic.
import { createServer } from 'node:http';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';

const token = process.argv[2];
const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const url = `http://127.0.0.1:${server.address().port}${req.url}`;
    const valid = twilioWebhooks.validateRequest(token, String(req.headers['x-twilio-signature'] ?? ''), url, params);
    res.writeHead(valid ? 200 : 403, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(valid ? twiml : '');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
