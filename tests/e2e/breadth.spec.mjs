// The simulator's newer kinds, seen in a real browser on the release build: a gen_statem's
// state on its node and its state diagram with the armed time-out counting down (lesson 10's
// demo played and answered), and a PartitionSupervisor named as such (lesson 05's demo).
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('lesson 10: the breaker is :open with its state timeout armed, then the reveal closes it', async ({ page }, info) => {
  await page.goto('/#/lessons/gen-statem');
  await page.getByTestId('demo-0-show').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  const panel = page.getByTestId('statem');
  await expect(panel).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('node-breaker').getByTestId('fsm-state')).toHaveText(':open');
  await expect(panel.locator('svg g.current')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('statem-timeouts')).toContainText('state_timeout fires in 1.900 s');
  await page.screenshot({ path: info.outputPath('statem-open.png') });
  await page.getByTestId('demo-0-choice-1').click();
  await expect(page.getByTestId('demo-0-feedback')).toContainText('Right');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '3500000');
  await expect(panel).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('node-breaker').getByTestId('fsm-state')).toHaveText(':closed');
});

test('scrubbing back puts the breaker back in the state it was in', async ({ page }) => {
  await page.goto('/#/play/statem_circuit_breaker?t=3000&sel=breaker');
  await expect(page.getByTestId('statem')).not.toHaveAttribute('data-state', 'open');
  await page.getByTestId('scrubber').fill('1000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1000000');
  await expect(page.getByTestId('statem')).toHaveAttribute('data-state', 'open');
});

test('lesson 05: the PartitionSupervisor is named as one and spreads the starts', async ({ page }) => {
  await page.goto('/#/lessons/partition-supervisor');
  await page.getByTestId('demo-1-show').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'room_sups');
  await expect(page.getByTestId('inspector')).toContainText('PartitionSupervisor');
  await page.getByTestId('demo-1-choice-1').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '900000');
});

test('lesson 06: the Registry table beside the tree lists the room, and the new pid after its restart', async ({ page }, info) => {
  await page.goto('/#/play/registry_named_room?t=900&sel=room_42');
  const table = page.getByTestId('registry-Rooms');
  await expect(table).toBeVisible();
  const row = table.locator('tr[data-key="{:room, 42}"]');
  const pid = await page.getByTestId('node-room_42').getAttribute('data-pid');
  await expect(row).toContainText(pid);
  await page.screenshot({ path: info.outputPath('registry.png') });
  await page.getByTestId('scrubber').fill('1500000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  const after = await page.getByTestId('node-room_42').getAttribute('data-pid');
  expect(after).not.toEqual(pid);
  await expect(row).toContainText(after);
  await expect(row).not.toContainText(pid);
});

test('lesson 07: the :pg scope lists its groups and members', async ({ page }) => {
  await page.goto('/#/lessons/pg-vs-registry');
  await page.getByTestId('demo-0-show').click();
  await expect(page.locator('[data-testid^="pg-"]').first()).toBeAttached();
});

test('lesson 11: tracing a busy server from the inspector makes it fall behind; no_debug lets it recover', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=500&sel=cache');
  await expect(page.getByTestId('sys-state')).toContainText('No debugging on');
  await page.getByTestId('sys-trace').click();
  await page.getByTestId('scrubber').fill('900000');
  await expect(page.getByTestId('sys-trace')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sys-state')).toContainText('Traced');
  await page.getByTestId('sys-no-debug').click();
  await page.getByTestId('scrubber').fill('1200000');
  await expect(page.getByTestId('sys-state')).toContainText('No debugging on');
  // The lesson's own demo: the traced server's mailbox is thousands deep at 2 s.
  await page.goto('/#/play/sys_trace_backlog?t=2000&sel=prices');
  await expect(page.getByTestId('sys-state')).toContainText('Traced');
  expect(Number(await page.getByTestId('node-prices').getByTestId('mailbox').getAttribute('data-count'))).toBeGreaterThan(1000);
});

test('lesson 12: the persistent_term table and its global passes follow the run', async ({ page }) => {
  await page.goto('/#/play/config_pterm_reads?t=900&sel=handler_1');
  const table = page.getByTestId('persistent-terms');
  await expect(table).toContainText('0 global pass(es)');
  await expect(table.locator('tr[data-key=config]')).toContainText('[:beta]');
  await page.getByTestId('scrubber').fill('1500000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  await expect(table).toContainText('1 global pass(es)');
  await expect(table.locator('tr[data-key=config]')).toContainText(':gamma');
});

test('lesson 17: a pool of one queues its callers; the inspector lists the queue, the node counts it', async ({ page }, info) => {
  await page.goto('/#/play/pool_checkout_queue?t=1500&sel=one_pool');
  const pool = page.getByTestId('pool');
  await expect(pool).toBeVisible();
  await expect(pool).toHaveAttribute('data-status', 'full');
  expect(Number(await pool.getAttribute('data-waiting'))).toBeGreaterThan(0);
  await expect(page.getByTestId('pool-waiting')).toContainText(/one_caller_\d .*, for \d/);
  await expect(page.getByTestId('node-one_pool')).toContainText('waiting');
  await pool.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('pool.png') });
  // The pool of three under the same callers keeps a worker free more often.
  await page.getByTestId('node-three_pool').locator('.body').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'three_pool');
  await expect(page.getByTestId('pool-summary')).toContainText('of 3 workers free');
});

test('lesson 18: a raising handler is detached in the telemetry table while its emitter lives on', async ({ page }) => {
  await page.goto('/#/play/telemetry_raising_handler?t=1500&sel=repo');
  const table = page.getByTestId('telemetry-table');
  await expect(table).toBeVisible();
  const bad = table.locator('tr.detached', { hasText: 'bad-format' });
  await expect(bad).toContainText('detached (raised)');
  await expect(bad).toContainText('5 (1 raised)');
  await expect(table.locator('tr:not(.detached)', { hasText: 'query-count' })).toContainText('attached');
  await expect(page.getByTestId('node-repo')).toHaveAttribute('data-restarts', '0');
  // Scrubbed back before the fifth call, the handler is attached again.
  await page.getByTestId('scrubber').fill('20000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '20000');
  await expect(table.locator('tr', { hasText: 'bad-format' })).not.toHaveClass(/detached/);
});

test('the child API from the inspector: terminate_child keeps the spec, restart_child brings it back', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=300&sel=app_sup');
  const list = page.getByTestId('which-children');
  await expect(list).toBeVisible();
  await expect(page.getByTestId('count-children')).toContainText('%{active: 3');
  await page.getByTestId('terminate_child-cache').click();
  for (let i = 0; i < 20 && (await page.getByTestId('restart_child-cache').count()) === 0; i++) {
    await page.getByTestId('step').click();
  }
  await expect(list.locator('tr[data-id="cache"]')).toContainText('{:cache, :undefined, :worker}');
  await expect(page.getByTestId('count-children')).toContainText('active: 2');
  await page.getByTestId('restart_child-cache').click();
  for (let i = 0; i < 20 && (await page.getByTestId('terminate_child-cache').count()) === 0; i++) {
    await page.getByTestId('step').click();
  }
  await expect(list.locator('tr[data-id="cache"]')).toContainText('#PID<');
  await expect(page.getByTestId('node-cache')).not.toHaveAttribute('data-pid', '');
});
