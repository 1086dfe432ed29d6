// The webhook benchmark's baseline: a bare Node HTTP server answering the same TwiML.
import { createServer } from 'node:http';

const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(twiml);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
