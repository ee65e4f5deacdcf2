// The result by e-mail, end to end: a visitor ticks "E-mail me my result",
// the collector sends it through SMTP to a small server on loopback, and the
// link in the e-mail opens the same result in a fresh browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, launchBrowser, watchErrors, freePort, takeQuiz } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** An SMTP server on 127.0.0.1 that accepts every message and keeps it. */
function smtpSink() {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let data = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(Buffer.from(data.join('\r\n'), 'latin1').toString('utf8'));
            data = [];
            reply('250 queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
        } else if (/^EHLO/i.test(line)) {
          socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        } else if (/^DATA/i.test(line)) {
          inData = true;
          reply('354 end with .');
        } else if (/^QUIT/i.test(line)) {
          reply('221 bye');
          socket.end();
        } else {
          reply('250 ok');
        }
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, messages, close: () => server.close() }));
  });
}

/** The decoded text/plain part of a MIME message (7bit, quoted-printable or base64). */
function textPart(raw) {
  const parts = raw.split(/\r\n--[^\r\n]+/);
  for (const part of parts) {
    const [head, ...body] = part.split('\r\n\r\n');
    if (!/content-type:\s*text\/plain/i.test(head)) continue;
    const text = body.join('\r\n\r\n');
    const encoding = (/content-transfer-encoding:\s*([\w-]+)/i.exec(head) || [])[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const bytes = text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return text;
  }
  return '';
}

test('a visitor who asks for their result by e-mail gets a link that opens it again', async () => {
  const sink = await smtpSink();
  const port = await freePort();
  const server = await startServer({
    port,
    env: {
      ROLE_QUIZ_MIN_FILL_MS: '0',
      ROLE_QUIZ_SMTP_URL: `smtp://127.0.0.1:${sink.port}?tls=none`,
      ROLE_QUIZ_MAIL_FROM: 'Alignment studies <leads@consultancy.example>',
      ROLE_QUIZ_NOTIFY_TO: 'team@consultancy.example',
      ROLE_QUIZ_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ROLE_QUIZ_MAIL_RETRY_MS: '100',
    },
  });
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const page = await first.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await takeQuiz(page, {
      perspective: 'I hold this role',
      title: 'Field Sales Representative',
      answer: (item) => (item.key === 'sales' ? 5 : 1),
    });
    const band = await page.locator('.rq-band-name').first().textContent();
    await page.getByRole('button', { name: 'Ask to be contacted' }).click();
    const box = page.getByRole('checkbox', { name: 'E-mail me my result' });
    assert.equal(await box.isChecked(), false, 'unticked until the visitor ticks it');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Grace Hopper');
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill('grace@example.com');
    await page.getByRole('textbox', { name: 'Company' }).fill('Compilers Inc.');
    await page.getByRole('checkbox', { name: /I agree that the consultancy/ }).check();
    await box.check();
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();

    for (let i = 0; i < 100 && sink.messages.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(sink.messages.length, 2, 'the notification and the result');
    const toVisitor = sink.messages.find((m) => /^To: .*grace@example\.com/im.test(m));
    assert.ok(toVisitor, sink.messages.join('\n-----\n'));
    const text = textPart(toVisitor);
    assert.match(text, /Hello Grace Hopper,/);
    const link = (text.match(/http:\/\/127\.0\.0\.1:\d+\/#rq=[A-Za-z0-9_-]+/) || [])[0];
    assert.ok(link, text);
    assert.deepEqual(errors, []);

    // The link, opened in a browser that never took the quiz.
    const again = await second.newPage();
    const errorsAgain = watchErrors(again);
    await again.goto(link);
    await again.getByRole('heading', { name: 'Where this role sits' }).waitFor();
    assert.equal(await again.locator('.rq-band-name').first().textContent(), band);
    assert.deepEqual(errorsAgain, []);
  } finally {
    await first.close();
    await second.close();
    await server.stop();
    sink.close();
  }
});
