// What the result and the comparison say, seen the way a visitor sees them:
// a yea-sayer is told about their answering style instead of being told the
// role asks for everything, a borderline result names both bands, and two
// people who describe the same role read "aligned" without invented disputes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, watchErrors, takeQuiz } from './support.mjs';

const env = serverAndBrowser();

/** A fresh visitor who takes the quiz with these answers. */
async function visitorAnswering(answer) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await takeQuiz(page, { answer });
  return { context, page, errors };
}

/** One step toward sales on the statements keyed that way, one toward marketing on the others. */
const oneStepToSales = (item) => (item.key === 'sales' ? 4 : 2);

test('a visitor who strongly agrees with everything is told about the answering style, not that the role is "both"', async () => {
  const { context, page, errors } = await visitorAnswering(() => 5);
  const note = page.getByRole('region', { name: 'How the statements were answered' }).or(page.locator('.rq-response-style'));
  await note.getByText(/You agreed with most statements, including ones that point opposite ways/).waitFor();
  await page.getByText(/^About \d+% likely, given these answers/).waitFor();
  assert.equal(await page.getByText('The role asks a lot of both sides', { exact: false }).count(), 0);
  assert.equal(await page.locator('.rq-demand .rq-lead').textContent(), 'The role asks a moderate amount of both sides.');
  assert.equal(await page.locator('.rq-band-name').textContent(), 'Hybrid: both at once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a borderline visitor sees the likely band, the neighbouring one, and advice for both', async () => {
  // Seven of sixteen statements one step toward sales, the rest neutral: about 61.
  const { context, page, errors } = await visitorAnswering((item, n) => (n % 5 >= 2 ? 3 : oneStepToSales(item)));
  const odds = await page.locator('.rq-band-odds').textContent();
  assert.match(odds, /^About \d+% likely, given these answers; possibly (Hybrid: both at once|Leans sales) \(about \d+%\)\.$/);
  const named = await page.locator('.rq-band-name').textContent();
  assert.ok(['Hybrid: both at once', 'Leans sales'].includes(named), named);
  assert.ok(!odds.includes(`possibly ${named}`), 'the neighbour is the other band');
  await page.getByText(/The answers sit near the line between/).waitFor();
  await page.getByText(/These answers do not settle whether the role is mainly sales or truly both/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** The holder answers, invites; the other person answers through the link. */
async function compareThrough(holderAnswer, managerAnswer) {
  const holder = await visitorAnswering(holderAnswer);
  await holder.page.getByRole('button', { name: 'Compare with your manager' }).click();
  const invitation = await holder.page.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(invitation);
  await page.getByRole('heading', { name: 'You are invited to compare views' }).waitFor();
  await takeQuiz(page, { perspective: null, answer: managerAnswer });
  await page.locator('.rq-comparison').waitFor();
  await holder.context.close();
  return { context, page, errors: [...holder.errors, ...errors] };
}

test('two people with nearly the same answers read aligned, with nothing called a disagreement', async () => {
  const { context, page, errors } = await compareThrough(oneStepToSales, (item, n) => {
    const base = oneStepToSales(item);
    return [1, 6, 11].includes(n) ? base + 1 : base; // three one-step differences
  });
  await page.getByText('Aligned', { exact: true }).waitFor();
  await page.getByText('No statement differs by two steps or more.').waitFor();
  assert.equal(await page.locator('.rq-comparison [data-item]').count(), 0);
  assert.equal(await page.locator('.rq-comparison [data-gap="true"]').count(), 0, 'no gap called real');
  assert.equal(await page.getByText('differs beyond chance', { exact: false }).count(), 0);
  await page.getByText(/within what the uncertainty of your answers explains/).waitFor();
  await page.getByText(/Your answers on how success is measured now differ no more than chance explains/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a manager who simply agrees one step more with everything is told so, not that they see the role differently', async () => {
  const { context, page, errors } = await compareThrough(oneStepToSales, (item) => oneStepToSales(item) + 1);
  await page.getByText('Aligned', { exact: true }).waitFor();
  await page.getByText(/^Manager agreed more with the statements overall, by 1\.0 answer steps on average/).waitFor();
  assert.equal(await page.getByText('You see differently how success is measured now', { exact: false }).count(), 0);
  assert.equal(await page.getByText('You describe different jobs', { exact: false }).count(), 0);
  assert.equal(await page.locator('.rq-comparison [data-gap="true"]').count(), 0);
  await page.getByText('No statement differs by two steps or more.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
