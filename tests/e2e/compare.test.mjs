// The alignment check: the role holder invites the manager by link, the
// manager answers and compares, and the link back shows the holder the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, watchErrors, audit, takeQuiz, answerStatements } from './support.mjs';

const TOKEN = 'compare-admin-token-51d2';

const env = serverAndBrowser({ env: { ROLE_QUIZ_ADMIN_TOKEN: TOKEN, ROLE_QUIZ_MIN_FILL_MS: '0' } });

async function comparisonShown(page) {
  const section = page.locator('.rq-comparison');
  await section.waitFor();
  return {
    score: await page.getByText(/^Alignment \d+ out of 100$/).textContent(),
    talkThrough: await section.locator('[data-item]').evaluateAll((els) => els.map((e) => e.dataset.item)),
  };
}

test('holder and manager compare their answers through links alone', async () => {
  const holder = await env.browser.newContext();
  await holder.grantPermissions(['clipboard-read', 'clipboard-write']);
  const h = await holder.newPage();
  const holderErrors = watchErrors(h);
  await h.goto(env.server.url);
  await takeQuiz(h, { title: 'Marketing Manager', answer: (item) => (item.key === 'sales' ? 5 : 2) });

  await h.getByRole('button', { name: 'Compare with your manager' }).click();
  const invitation = await h.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  assert.match(invitation, /^http:\/\/127\.0\.0\.1:\d+\/#rq=[A-Za-z0-9_-]+$/, 'the answers travel in the fragment');
  await h.getByRole('button', { name: 'Copy link' }).click();
  await h.getByText('The link is copied.').waitFor();
  assert.equal(await h.evaluate(() => navigator.clipboard.readText()), invitation);

  const manager = await env.browser.newContext();
  const m = await manager.newPage();
  const managerErrors = watchErrors(m);
  await m.goto(invitation);
  await m.getByRole('heading', { name: 'You are invited to compare views' }).waitFor();
  await m.getByText('The person in this role answered these questions about the role "Marketing Manager"').waitFor();
  assert.equal(await m.locator('.rq-comparison').count(), 0, 'the first answers stay hidden');
  await m.getByRole('button', { name: 'Start the role check' }).click();
  assert.ok(await m.getByRole('radio', { name: 'I manage this role' }).isChecked(), 'the other side is preselected');
  await m.getByRole('button', { name: 'Next' }).click();
  assert.equal(await m.getByRole('textbox', { name: 'Job title' }).inputValue(), 'Marketing Manager');
  await m.getByRole('button', { name: 'Next' }).click();
  await answerStatements(m, (item) => (item.key === 'sales' ? 2 : 5));
  await m.getByRole('radio', { name: 'No, they measure the wrong things' }).click();
  await m.getByRole('button', { name: 'See the result' }).click();

  const seenByManager = await comparisonShown(m);
  assert.match(seenByManager.score, /^Alignment \d+ out of 100$/);
  assert.ok(seenByManager.talkThrough.length >= 3 && seenByManager.talkThrough.length <= 5, seenByManager.talkThrough.join());
  await m.getByText('Misaligned', { exact: true }).waitFor();
  await m.getByText('You disagree on how success is measured.', { exact: false }).first().waitFor();
  const back = await m.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  assert.notEqual(back, invitation);
  await audit(m, 'comparison');

  // A lead from the manager carries the comparison.
  await m.getByRole('button', { name: 'Ask to be contacted' }).click();
  await m.getByRole('textbox', { name: 'Your name' }).fill('Mia Manager');
  await m.getByRole('textbox', { name: 'Work e-mail' }).fill('mia@example.com');
  await m.getByRole('textbox', { name: 'Company' }).fill('Example Co');
  await m.getByRole('checkbox', { name: /I agree/ }).check();
  await m.getByRole('button', { name: 'Send my details' }).click();
  await m.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
  const leads = await (await fetch(`${env.server.url}api/leads`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  const comparison = leads.leads[0].lead.comparison;
  assert.equal(comparison.first_perspective, 'holder');
  assert.equal(comparison.second_perspective, 'manager');
  assert.equal(`Alignment ${Math.round(comparison.alignment)} out of 100`, seenByManager.score);
  assert.deepEqual(comparison.talk_through, seenByManager.talkThrough);
  assert.equal(comparison.position_gap_real, true);
  assert.equal(comparison.agree_on_measurement, false);

  // The holder opens the link back, as from an e-mail: in a new tab.
  const h2 = await holder.newPage();
  const holderErrors2 = watchErrors(h2);
  await h2.goto(back);
  const seenByHolder = await comparisonShown(h2);
  assert.deepEqual(holderErrors2, []);
  assert.deepEqual(seenByHolder, seenByManager, 'the same score and the same statements to talk through');
  await h2.getByText('You disagree on how success is measured.', { exact: false }).first().waitFor();

  // A lead from the holder's side carries the comparison too.
  await h2.getByRole('button', { name: 'Ask to be contacted' }).click();
  assert.equal(await h2.getByRole('textbox', { name: 'Role title' }).inputValue(), 'Marketing Manager');
  await h2.getByRole('textbox', { name: 'Your name' }).fill('Hal Holder');
  await h2.getByRole('textbox', { name: 'Work e-mail' }).fill('hal@example.com');
  await h2.getByRole('textbox', { name: 'Company' }).fill('Example Co');
  await h2.getByRole('checkbox', { name: /I agree/ }).check();
  await h2.getByRole('button', { name: 'Send my details' }).click();
  await h2.getByRole('heading', { name: 'Thank you, your details have arrived' }).waitFor();
  const all = await (await fetch(`${env.server.url}api/leads`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  const fromHolder = all.leads.find((l) => l.lead.contact.name === 'Hal Holder').lead;
  assert.equal(fromHolder.result.perspective, 'holder');
  assert.deepEqual(fromHolder.comparison.talk_through, seenByManager.talkThrough);
  assert.deepEqual(holderErrors, []);
  assert.deepEqual(managerErrors, []);
  await holder.close();
  await manager.close();
});

test('a tampered link says so clearly and offers a fresh start', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await takeQuiz(page, { perspective: 'I manage this role', answer: () => 4, measures: 'Partly' });
  await page.getByRole('button', { name: 'Compare with the person in this role' }).click();
  const link = await page.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  const code = link.split('#rq=')[1];
  const flipped = code.slice(0, 8) + (code[8] === 'A' ? 'B' : 'A') + code.slice(9);

  const other = await env.browser.newContext();
  const visitor = await other.newPage();
  await visitor.goto(`${env.server.url}#rq=${flipped}`);
  await visitor.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await visitor.getByText('The link was changed or damaged on the way.').waitFor();
  await visitor.goto(`${env.server.url}#rq=${code.slice(0, 20)}`);
  await visitor.reload();
  await visitor.getByText('The link is incomplete').waitFor();
  await visitor.getByRole('button', { name: 'Start your own check' }).click();
  await visitor.getByRole('button', { name: 'Start the role check' }).waitFor();
  assert.equal(new URL(visitor.url()).hash, '', 'the broken code is gone from the address');
  assert.deepEqual(errors, []);
  await context.close();
  await other.close();
});
