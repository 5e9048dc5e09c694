// The scenario editor (#/edit) on the release build: a scenario built from an empty tree
// with the keyboard and the mouse (a supervisor, a server, two clients, a fault at 1 s, a
// narrated step) that the stage runs at once; undo and redo; the draft found again after a
// reload; a named scenario saved and kept; absurd values refused at their field with
// nothing lost; the text view's errors with their line; share and presenter preview.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const node = (page, id) => page.getByTestId(`node-${id}`);
const field = (page, path) => page.getByTestId(`field-${path}`);

/** Types into a field and commits it the keyboard's way (Tab leaves it). */
async function typeInto(page, path, value) {
  const f = field(page, path);
  await f.fill(value);
  await f.press('Tab');
}

async function selectNode(page, id) {
  const b = page.getByTestId(`outline-${id}`).locator('button');
  await b.focus();
  await page.keyboard.press('Enter');
  await expect(b).toHaveAttribute('aria-pressed', 'true');
}

async function buildFromScratch(page) {
  await page.goto('/#/edit');
  await expect(page.getByTestId('editor')).toBeVisible();
  await page.getByTestId('editor-new').click();
  await expect(page.getByTestId('outline').locator('li')).toHaveCount(1);
  // A supervisor under the root, with the mouse.
  await page.getByTestId('add-kind').selectOption('sup');
  await page.getByTestId('add-child').click();
  await expect(node(page, 'sup1')).toBeVisible();
  // A server under it, with the keyboard.
  await selectNode(page, 'sup1');
  await page.getByTestId('add-kind').selectOption('server');
  await page.getByTestId('add-child').focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'server1')).toBeVisible();
  // Two clients calling it.
  await page.getByTestId('add-kind').selectOption('client');
  await page.getByTestId('add-count').fill('2');
  await page.getByTestId('add-child').click();
  await expect(node(page, 'client1')).toBeVisible();
  await expect(node(page, 'client2')).toBeVisible();
  // one_for_all, so the fault restarts everyone under sup1.
  await selectNode(page, 'sup1');
  await field(page, 'tree.children[0].strategy').selectOption('one_for_all');
  // A fault at 1 s on the server, and a narrated step there.
  await selectNode(page, 'server1');
  await page.getByTestId('add-fault').click();
  await typeInto(page, 'faults[0].at_ms', '1000');
  await expect(field(page, 'faults[0].target')).toHaveValue('server1');
  await page.getByTestId('add-step').click();
  await typeInto(page, 'steps[0].at_ms', '1000');
  await typeInto(page, 'steps[0].text', 'The server crashes: watch one_for_all restart its clients too.');
  await field(page, 'steps[0].select').selectOption('server1');
}

test('build a scenario from an empty tree, undo, reload, save it by name', async ({ page }, info) => {
  await buildFromScratch(page);
  await page.screenshot({ path: info.outputPath('built.png') });
  // The stage runs it: after the fault, the server and the clients have restarted.
  const pid = await node(page, 'client1').getAttribute('data-pid');
  await page.getByTestId('scrubber').fill('2000000');
  await expect(node(page, 'server1')).toHaveAttribute('data-restarts', '1');
  await expect(node(page, 'client1')).not.toHaveAttribute('data-pid', pid);
  // Undo (button), redo (keys outside a text field), the moment kept.
  await page.getByTestId('undo').click();
  await expect(field(page, 'steps[0].select')).toHaveValue('');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Control+Shift+Z');
  await expect(field(page, 'steps[0].select')).toHaveValue('server1');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  // A reload finds the draft.
  await page.reload();
  await expect(node(page, 'client2')).toBeVisible();
  await expect(field(page, 'steps[0].text')).toHaveValue(/one_for_all/);
  // Saved under a name, kept across a reload.
  await page.getByTestId('tab-saved').click();
  await page.getByTestId('save-name').fill('Incident 42');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('saved-0')).toContainText('Incident 42');
  await page.reload();
  await page.getByTestId('tab-saved').click();
  await expect(page.getByTestId('saved-0')).toContainText('Incident 42');
  // Duplicated, the copy renamed, the original deleted and restored where it was.
  await page.getByRole('button', { name: 'Duplicate Incident 42' }).click();
  await expect(page.getByTestId('saved-1')).toContainText('Incident 42 (copy)');
  await page.getByRole('button', { name: 'Rename Incident 42 (copy)' }).click();
  await page.getByTestId('rename-input').fill('Talk version');
  await page.getByTestId('rename-ok').click();
  await expect(page.getByTestId('saved-1')).toContainText('Talk version');
  await page.getByRole('button', { name: 'Delete Incident 42' }).click();
  await expect(page.getByTestId('saved-0')).toContainText('Talk version');
  await expect(page.getByTestId('library-note')).toContainText('Deleted “Incident 42”');
  await page.getByTestId('restore-deleted').click();
  await expect(page.getByTestId('saved-0')).toContainText('Incident 42');
  await expect(page.getByTestId('saved-1')).toContainText('Talk version');
  await page.reload();
  await page.getByTestId('tab-saved').click();
  await expect(page.getByTestId('saved-1')).toContainText('Talk version');
  // Presenter preview shows the step; the share dialog opens from the editor.
  await page.getByTestId('editor-present').click();
  await expect(page.getByTestId('narration')).toBeVisible();
  await expect(page.getByTestId('step-count')).toHaveText('1 step');
  // The clicker's key (pressed again if it came before the key listener: one step only).
  await expect(async () => {
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('narration-text')).toContainText('one_for_all', { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('step-count')).toHaveText('Step 1 of 1');
  await page.keyboard.press('Escape');
  await page.goto('/#/edit');
  await expect(node(page, 'client2')).toBeVisible();
  await page.getByTestId('editor-share').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
});

test('absurd values get a clear message at their field and nothing is lost', async ({ page }, info) => {
  await buildFromScratch(page);
  // A million children.
  await selectNode(page, 'sup1');
  await page.getByTestId('add-kind').selectOption('server');
  await page.getByTestId('add-count').fill('1000000');
  await page.getByTestId('add-child').click();
  await expect(page.getByTestId('error-add.count')).toContainText('at most');
  await expect(page.getByTestId('outline').locator('li')).toHaveCount(5);
  // A negative time: the field keeps what was typed, with the message.
  await typeInto(page, 'faults[0].at_ms', '-5');
  await expect(page.getByTestId('error-faults[0].at_ms')).toContainText('0 or more');
  await expect(field(page, 'faults[0].at_ms')).toHaveValue('-5');
  await expect(field(page, 'faults[0].at_ms')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: info.outputPath('negative-time.png') });
  // A name clash.
  await selectNode(page, 'client2');
  await typeInto(page, 'tree.children[0].children[2].id', 'client1');
  await expect(page.getByTestId('error-tree.children[0].children[2].id')).toContainText('duplicate id');
  await expect(node(page, 'client2')).toBeVisible();
  // Invalid text: its errors by line, the stage keeps the last valid scenario.
  await page.getByTestId('tab-text').click();
  const text = page.getByTestId('editor-text');
  const good = await text.inputValue();
  await text.fill(good.replace('"duration_ms": 5000', '"duration_ms": -1'));
  await expect(page.getByTestId('text-errors')).toContainText(/Line \d+/);
  await expect(page.getByTestId('text-errors')).toContainText('0 or more');
  await expect(node(page, 'client2')).toBeVisible();
  // The form waits until the text is fixed (so the typing is not lost).
  await page.getByTestId('tab-form').click();
  await expect(field(page, 'name')).toBeDisabled();
  await page.getByTestId('tab-text').click();
  await page.getByTestId('revert-text').click();
  await expect(page.getByTestId('text-errors')).toBeEmpty();
  await page.getByTestId('tab-form').click();
  await expect(field(page, 'name')).toBeEnabled();
});

test('Edit beside a scenario opens it in the editor', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=500');
  // The address's moment is open (not the default scenario of the first paint).
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '500000');
  await expect(page.getByTestId('scenario-name')).toHaveText(/one_for_all/);
  const name = await page.getByTestId('scenario-name').textContent();
  await page.getByTestId('edit-this').click();
  await expect(page).toHaveURL(/#\/edit$/);
  await expect(field(page, 'name')).toHaveValue(name);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '500000');
});

test('built from scratch, its fault moved on the track, shared, reopened elsewhere and presented with the clicker', async ({ page, browser }, info) => {
  await buildFromScratch(page);
  // The fault track: arrow keys move the fault by a step (5 s run: 50 ms), a drag moves it
  // anywhere, and undo puts it back.
  const mark = page.getByTestId('fault-mark-0');
  await expect(mark).toHaveAttribute('data-at', '1000');
  await mark.focus();
  await page.keyboard.press('ArrowRight');
  await expect(field(page, 'faults[0].at_ms')).toHaveValue('1050');
  await page.getByTestId('fault-mark-0').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(field(page, 'faults[0].at_ms')).toHaveValue('1000');
  const track = await page.getByTestId('fault-track').boundingBox();
  const m = await page.getByTestId('fault-mark-0').boundingBox();
  await page.mouse.move(m.x + m.width / 2, m.y + m.height / 2);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * 0.3, m.y + m.height / 2, { steps: 5 });
  await page.mouse.move(track.x + track.width / 2, m.y + m.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(field(page, 'faults[0].at_ms')).toHaveValue('2500');
  await page.screenshot({ path: info.outputPath('fault-dragged.png') });
  await page.getByTestId('undo').click();
  await expect(field(page, 'faults[0].at_ms')).toHaveValue('1000');
  // Run it to just after the fault.
  await page.getByTestId('scrubber').fill('1500000');
  await expect(node(page, 'server1')).toHaveAttribute('data-restarts', '1');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  // Share it.
  await page.getByTestId('editor-share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/\?s=v1\./);
  const url = await page.getByTestId('share-url').inputValue();
  // A fresh browser (empty storage): the same tree at the same moment.
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  const errors = [];
  other.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await other.goto(url);
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  for (const id of ['sup1', 'server1', 'client1', 'client2']) await expect(node(other, id)).toBeVisible();
  await expect(node(other, 'server1')).toHaveAttribute('data-restarts', '1');
  await expect(node(other, 'client2')).toHaveAttribute('data-restarts', '1');
  // Presented there with the clicker's key.
  await other.goto(url.replace(/#\/(play|edit)\?/, '#/present?'));
  await expect(other.getByTestId('narration')).toBeVisible();
  await expect(async () => {
    await other.keyboard.press('PageDown');
    await expect(other.getByTestId('narration-text')).toContainText('one_for_all', { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await expect(other.getByTestId('step-count')).toHaveText('Step 1 of 1');
  await other.screenshot({ path: info.outputPath('presented-elsewhere.png') });
  expect(errors).toEqual([]);
  await ctx.close();
});

test('on the stage: a process dragged to another supervisor or moved with Alt + arrows, undone; steps on the track', async ({ page }, info) => {
  await buildFromScratch(page);
  const centre = async (id) => {
    const b = await node(page, id).locator('.body').boundingBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  // Dragged onto the root supervisor: client2 leaves sup1 and becomes the root's last child
  // (one level up on the stage, beside sup1).
  const root = await page.locator('[data-testid="tree-nodes"] [data-id]').first().getAttribute('data-id');
  const from = await centre('client2');
  const to = await centre(root);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await expect(page.getByTestId('arrange-hint')).toContainText(`Drop to move client2 under ${root}`);
  await page.mouse.up();
  await expect(async () => {
    expect(Math.abs((await centre('client2')).y - (await centre('sup1')).y)).toBeLessThan(5);
  }).toPass();
  await page.screenshot({ path: info.outputPath('stage-dragged.png') });
  await page.getByTestId('undo').click();
  await expect(async () => {
    expect((await centre('client2')).y).toBeGreaterThan((await centre('sup1')).y + 20);
  }).toPass();
  // The keyboard: select client1 on the stage, Alt+← puts it before server1, Alt+↑ takes it
  // out of sup1; two undos put it back.
  await node(page, 'client1').locator('.body').click();
  await expect(page.getByTestId('arrange-hint')).toContainText('client1: drag it on the stage');
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(async () => {
    expect((await centre('client1')).x).toBeLessThan((await centre('server1')).x);
  }).toPass();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(async () => {
    expect(Math.abs((await centre('client1')).y - (await centre('sup1')).y)).toBeLessThan(5);
  }).toPass();
  await expect(page).toHaveURL(/#\/edit/);
  await page.getByTestId('undo').click();
  await page.getByTestId('undo').click();
  await expect(async () => {
    const [c, s] = [await centre('client1'), await centre('server1')];
    expect(c.x).toBeGreaterThan(s.x);
    expect(Math.abs(c.y - s.y)).toBeLessThan(5);
  }).toPass();
  // Narrated steps on the track: moved with the keys, one added by a double click and
  // removed with Delete, and a click on a mark edits its text in the form.
  const step = page.getByTestId('step-mark-0');
  await expect(step).toHaveAttribute('data-at', '1000');
  await step.focus();
  await page.keyboard.press('ArrowRight');
  await expect(field(page, 'steps[0].at_ms')).toHaveValue('1050');
  const track = await page.getByTestId('fault-track').boundingBox();
  await page.mouse.dblclick(track.x + track.width * 0.8, track.y + track.height - 8);
  await expect(page.getByTestId('step-mark-1')).toHaveAttribute('data-at', '4000');
  await expect(field(page, 'steps[1].at_ms')).toHaveValue('4000');
  await page.getByTestId('step-mark-1').focus();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('step-mark-1')).toHaveCount(0);
  await page.getByTestId('step-mark-0').click();
  await expect(field(page, 'steps[0].text')).toBeFocused();
});
