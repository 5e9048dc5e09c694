// Links and monitors on the stage and in the inspector, and the inspector's newer verbs
// (GenServer.stop, :ets.give_away): the release build (dist/) in headless Chromium.
// Every test fails on any console error or page error (support.mjs).
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function seek(page, us) {
  await page.getByTestId('scrubber').fill(String(us));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(us));
}

test('the selected process shows its links on the stage and in words; all links with l', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=500&sel=client_a');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  const ties = page.getByTestId('ties');
  // Its link to its supervisor, drawn as a curve beside the tree's line.
  await expect(ties.locator('path.tie.link[data-from="app_sup"][data-to="client_a"]')).toHaveCount(1);
  await expect(page.getByTestId('legend')).toContainText('monitor');
  await expect(page.getByTestId('linked-to')).toContainText('app_sup');
  await expect(page.getByTestId('monitored-by')).toContainText('Monitored by:');
  // All links: the supervisor's are the tree's own lines; nothing is drawn twice.
  await page.getByTestId('all-ties').focus();
  await page.keyboard.press('l');
  await expect(page.getByTestId('all-ties')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('all-ties').click();
  await expect(page.getByTestId('all-ties')).toHaveAttribute('aria-pressed', 'false');
  // A listed process is a button that selects it.
  await page.getByTestId('linked-to').getByRole('button', { name: /app_sup/ }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'app_sup');
  await expect(ties.locator('path.tie.link[data-from="app_sup"]')).toHaveCount(3);
  await expect(page.getByTestId('linked-to').getByRole('button')).toHaveCount(3);
});

test('the inspector sets an heir and gives a table away, and both replay on a scrub', async ({ page }) => {
  await page.goto('/#/play/ets_owner_dies?t=300&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  const table = page.getByTestId('table-cache');
  await expect(table).toContainText('heir: none');
  await table.getByTestId('ets-to').selectOption('reader_2');
  await table.getByTestId('set-heir').click();
  await seek(page, 350000);
  await expect(page.getByTestId('table-cache')).toContainText('heir: reader_2');
  await page.getByTestId('table-cache').getByTestId('ets-to').selectOption('reader_1');
  await page.getByTestId('table-cache').getByTestId('give-away').click();
  await seek(page, 400000);
  // The Cache no longer owns it: no table row in its inspector.
  await expect(page.getByTestId('table-cache')).toHaveCount(0);
  await expect(page.getByTestId('event-log')).toContainText('give_away');
  // Scrubbing back before the actions and forward again replays them.
  await seek(page, 200000);
  await expect(page.getByTestId('table-cache')).toContainText('heir: none');
  await seek(page, 400000);
  await expect(page.getByTestId('table-cache')).toHaveCount(0);
});

test('GenServer.stop with :normal from the inspector: a permanent child comes back', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=500&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.getByTestId('stop-reason').selectOption({ label: ':normal' });
  await page.getByTestId('gen-stop').click();
  await seek(page, 700000);
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-restarts', '1');
  await expect(page.getByTestId('event-log')).toContainText('genserver_stop');
  await seek(page, 200000);
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-restarts', '0');
  await seek(page, 700000);
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-restarts', '1');
});

// The lesson demos for these verbs: each opens at its moment, is answered, and its reveal
// shows what the prediction says (the content test checks the same outcome natively).
const lessonDemos = [
  ['supervision-strategies', 'genserver_stop_paths', { dead: ['session'], restarted: { store: '1' } }],
  ['supervision-strategies', 'auto_shutdown_significant', { dead: ['import_sup', 'helper'], restarted: { api: '0' } }],
  ['ets-dets-mnesia', 'ets_heir_keeps_table', { dead: ['cache'], restarted: { reader_1: '0' } }],
  ['task-supervisor', 'task_await_caught', { dead: [], restarted: { exporter: '0' } }],
];
for (const [slug, scenario, want] of lessonDemos) {
  test(`lesson ${slug}: the ${scenario} demo plays its reveal`, async ({ page }) => {
    await page.goto(`/#/lessons/${slug}`);
    await expect(page.getByTestId('lesson')).toBeVisible();
    const md = readFileSync(`lessons/${readdirSync('lessons').find((f) => f.endsWith(`-${slug}.md`))}`, 'utf8');
    const demos = [...md.matchAll(/```demo\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    const n = demos.findIndex((d) => d.scenario === scenario);
    expect(n).toBeGreaterThanOrEqual(0);
    const demo = demos[n];
    await page.getByTestId(`demo-${n}-show`).click();
    await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(demo.run_to_ms * 1000));
    await page.getByTestId(`demo-${n}-choice-${demo.predict.answer}`).click();
    const end = (demo.run_to_ms + demo.predict.play_ms) * 1000;
    await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(end), { timeout: 20_000 });
    for (const id of want.dead) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-pid', '');
    for (const [id, n] of Object.entries(want.restarted)) await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-restarts', n);
  });
}
