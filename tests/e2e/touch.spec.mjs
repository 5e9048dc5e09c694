// Phones and tablets: the stage takes the width, the inspector and log are a sheet over it,
// no route scrolls sideways, and the stage answers touch: tap selects, two fingers pinch,
// a long press opens a process's details.
import { test, expect, devices } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const { defaultBrowserType: _a, ...phone } = devices['Pixel 7'];
const { defaultBrowserType: _b, ...tablet } = devices['Galaxy Tab S4'];
// A shorter phone screen (664 px of viewport): where two warnings once pushed the pinned
// stage's timeline out of it.
const { defaultBrowserType: _c, ...short } = devices['iPhone 13'];

// A lesson on a phone or tablet: the text at the full width, the stage pinned to the
// bottom of the screen while the text scrolls, a demo played there with its warnings in a
// strip of their own (the timeline stays inside the pinned stage).
async function lessonPinned(page, device, info, name) {
  await page.goto('/#/lessons/iron-law');
  const text = page.locator('article.lesson');
  const stage = page.locator('.lesson-view > .lesson-stage');
  await expect(page.getByTestId('stage')).toBeVisible();
  const vh = device.viewport.height;
  // The text takes the width, not a column or a short box above the stage.
  expect((await text.boundingBox()).width).toBeGreaterThan(device.viewport.width * 0.9);
  // Scrolled down the text, the stage stays on screen, pinned to the bottom, and the
  // text keeps at least 40 % of the screen above it.
  await page.evaluate(() => window.scrollBy(0, 900));
  await page.waitForTimeout(200);
  const s = await stage.boundingBox();
  expect(Math.abs(s.y + s.height - vh), 'the stage ends at the bottom of the screen').toBeLessThanOrEqual(2);
  expect(s.y, 'the text keeps 40 % of the screen').toBeGreaterThanOrEqual(vh * 0.4);
  // A demo shown and played from the text plays in that stage, still on screen.
  await page.getByTestId('demo-0-choice-0').tap();
  await expect(page.getByTestId('demo-0-feedback')).toContainText('Watch the stage');
  const after = await stage.boundingBox();
  expect(after.y + after.height).toBeLessThanOrEqual(vh + 2);
  // The live warnings the demo raises take a strip, not the stage: its timeline stays
  // inside it, on screen.
  await expect(page.locator('.lesson-stage [data-testid="warnings"] li').nth(1)).toBeAttached();
  const scrubber = await page.locator('.lesson-stage [data-testid="scrubber"]').boundingBox();
  expect(scrubber.y + scrubber.height, 'the timeline stays in the pinned stage').toBeLessThanOrEqual(after.y + after.height);
  await expect(page.getByTestId('clock')).not.toHaveAttribute('data-now', '5000');
  if (device.viewport.width <= 480) {
    // On a phone the pinned stage's timeline is one row of controls over its track, so the
    // tree keeps most of the stage (with words the controls wrapped to three rows).
    const mids = await page.locator('.lesson-stage .timeline :is(button, select)').evaluateAll((els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) => {
        const r = e.getBoundingClientRect();
        return Math.round(r.top + r.height / 2);
      }));
    expect(mids.length, 'the timeline has its controls').toBeGreaterThanOrEqual(6);
    expect(Math.max(...mids) - Math.min(...mids), 'the controls are in one row').toBeLessThanOrEqual(4);
    const bar = await page.locator('.lesson-stage [data-testid="timeline"]').boundingBox();
    expect(bar.height, 'the timeline takes a small part of the stage').toBeLessThanOrEqual(after.height * 0.3);
  }
  await page.screenshot({ path: info.outputPath(`${name}-lesson.png`) });
}

for (const [name, device] of [['phone', phone], ['tablet', tablet]]) {
  test.describe(name, () => {
    test.use(device);

    test(`no route scrolls sideways (${name})`, async ({ page }, info) => {
      for (const route of ['#/', '#/lessons', '#/lessons/registry', '#/quiz', '#/gallery', '#/present', '#/seq', '#/edit', '#/decide']) {
        await page.goto('/' + route);
        await page.waitForSelector('[data-testid="app"]');
        await page.waitForTimeout(300);
        // Against the device's width: a mobile browser widens its layout viewport (and
        // innerWidth with it) to fit a page that overflows, so innerWidth cannot tell.
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(sw, `${route} fits the width`).toBeLessThanOrEqual(device.viewport.width);
      }
      await page.goto('/#/play/db_one_for_all?t=500');
      await page.screenshot({ path: info.outputPath(`${name}-playground.png`) });
    });

    test(`the stage takes the width; tap selects and the details are a sheet (${name})`, async ({ page }, info) => {
      await page.goto('/#/play/db_one_for_all?t=500');
      const stage = page.getByTestId('stage');
      const box = await stage.boundingBox();
      expect(box.width).toBeGreaterThan(device.viewport.width * 0.9);
      await expect(page.getByTestId('inspector')).toBeHidden();
      // The node's circle (its label under it lets taps through to the stage).
      const c = await page.locator('[data-testid="node-cache"] .body').boundingBox();
      await page.touchscreen.tap(c.x + c.width / 2, c.y + c.height / 2);
      const toggle = page.getByTestId('details-toggle');
      expect((await toggle.boundingBox()).height).toBeGreaterThanOrEqual(44);
      await toggle.tap();
      await expect(page.getByTestId('inspector')).toBeVisible();
      await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
      await page.screenshot({ path: info.outputPath(`${name}-sheet.png`) });
      await toggle.tap();
      await expect(page.getByTestId('inspector')).toBeHidden();
    });

    test(`every button in the open sheet is a 44 px target (${name})`, async ({ page }, info) => {
      // Every visible control in the sheet (buttons, link buttons, pickers, disclosures, and
      // the labels that hold check boxes) is at least 44 px tall.
      const small = () => page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('.side button, .side a.button, .side select, .side summary, .side label:has(> input[type=checkbox])')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
          if (r.height < 44) out.push(`${el.dataset.testid || el.textContent.trim().slice(0, 30)}: ${r.height.toFixed(1)} px`);
        }
        return out;
      });
      // A Supervisor selected: the child API's terminate_child for each child.
      await page.goto('/#/play/cache_one_for_one?t=1500&sel=app_sup');
      await page.getByTestId('details-toggle').tap();
      await expect(page.getByTestId('which-children')).toBeVisible();
      await expect(page.getByTestId('count-children')).toBeVisible();
      expect(await page.locator('.side button:visible').count()).toBeGreaterThan(5);
      expect(await small()).toEqual([]);
      // A child terminated: restart_child and delete_child take its place.
      await page.getByTestId('terminate_child-cache').tap();
      // The call lands at the current moment: step until the supervisor has answered it.
      for (let i = 0; i < 20 && (await page.getByTestId('restart_child-cache').count()) === 0; i++) {
        await page.getByTestId('step').tap();
      }
      await expect(page.getByTestId('restart_child-cache')).toBeVisible();
      expect(await small()).toEqual([]);
      await page.screenshot({ path: info.outputPath(`${name}-sheet-child-api.png`) });
      // A worker selected, with the sequence diagram open: kill, poison, :sys, "Add to the sequence".
      await page.goto('/#/seq/cache_one_for_one?t=1500&sel=cache');
      await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
      if (!(await page.getByTestId('inspector').isVisible())) await page.getByTestId('details-toggle').tap();
      await expect(page.getByTestId('kill')).toBeVisible();
      expect(await small()).toEqual([]);
    });

    test(`a lesson reads at the full width with its stage pinned under it (${name})`, async ({ page }, info) => {
      await lessonPinned(page, device, info, name);
    });
  });
}

test.describe('gestures', () => {
  test.use(phone);

  // Pointer events as a touch screen sends them (Playwright taps with one finger only).
  async function touch(page, steps) {
    await page.evaluate((steps) => {
      const svg = document.querySelector('.stage-svg');
      for (const [type, id, x, y] of steps) {
        svg.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: x, clientY: y, button: type === 'pointermove' ? -1 : 0, bubbles: true, isPrimary: id === 1 }));
      }
    }, steps);
  }

  test('two fingers pinch to zoom; a long press opens the details of the process under it', async ({ page }) => {
    await page.goto('/#/play/db_one_for_all?t=500');
    const g = page.locator('.stage-svg > g').first();
    const before = await g.getAttribute('transform');
    const b = await page.getByTestId('stage').boundingBox();
    const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    await touch(page, [
      ['pointerdown', 1, cx - 40, cy], ['pointerdown', 2, cx + 40, cy],
      ['pointermove', 1, cx - 80, cy], ['pointermove', 2, cx + 80, cy],
      ['pointerup', 1, cx - 80, cy], ['pointerup', 2, cx + 80, cy],
    ]);
    await expect(g).not.toHaveAttribute('transform', before);
    const zoomed = await g.getAttribute('transform');
    expect(Number(/scale\(([\d.]+)/.exec(zoomed)[1])).toBeGreaterThan(Number((/scale\(([\d.]+)/.exec(before) || [0, 1])[1]));

    await page.getByRole('button', { name: 'Re-centre' }).tap();
    const n = await page.locator('[data-testid="node-api"] .body').boundingBox();
    const [x, y] = [n.x + n.width / 2, n.y + n.height / 2];
    await touch(page, [['pointerdown', 1, x, y]]);
    await page.waitForTimeout(800);
    await touch(page, [['pointerup', 1, x, y]]);
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'api');
  });
});

test.describe('short phone', () => {
  test.use(short);
  test('a lesson reads at the full width with its stage pinned under it (short phone)', async ({ page }, info) => {
    await lessonPinned(page, short, info, 'short-phone');
  });

  test('the playground keeps its scenario line whole above the stage (short phone)', async ({ page }, info) => {
    // The line hides its overflow, so a flex column once squeezed it to a 21 px sliver
    // under the stage, cutting the name and its "Edit" button in half.
    await page.goto('/#/play/cache_one_for_one?t=500');
    const line = await page.locator('.playground > .scenario-line').boundingBox();
    const edit = await page.getByTestId('edit-this').boundingBox();
    const stage = await page.getByTestId('stage').boundingBox();
    expect(edit.height, 'Edit is a 44 px target').toBeGreaterThanOrEqual(44);
    expect(edit.y + edit.height, 'Edit is inside its line').toBeLessThanOrEqual(line.y + line.height + 1);
    expect(stage.y, 'the stage starts under the line').toBeGreaterThanOrEqual(line.y + line.height - 1);
    await page.screenshot({ path: info.outputPath('short-phone-playground.png') });
  });

  test('the editor gives its stage and timeline the screen under a one-row toolbar (short phone)', async ({ page }, info) => {
    // Wrapped, the toolbar's nine controls took four rows, and its hidden file input (placed
    // absolutely) widened the page to 908 px.
    await page.goto('/#/play/cache_one_for_one?t=500');
    await page.getByTestId('edit-this').tap();
    await expect(page.getByTestId('editor-share')).toBeVisible();
    const vh = short.viewport.height;
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(sw, 'the editor fits the width').toBeLessThanOrEqual(short.viewport.width);
    const mids = await page.locator('.editor-bar > :is(h1, button, a, label)').evaluateAll((els) =>
      els.map((e) => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }));
    expect(mids.length, 'the toolbar has its controls').toBeGreaterThanOrEqual(8);
    expect(Math.max(...mids) - Math.min(...mids), 'the toolbar is one row').toBeLessThanOrEqual(4);
    // The stage running the draft comes first and takes most of the screen; its timeline is
    // the compact one (its controls in one row), inside it.
    const stage = await page.locator('.editor-stage').boundingBox();
    expect(stage.height, 'the stage takes most of the screen').toBeGreaterThanOrEqual(vh * 0.6);
    const bar = await page.locator('.editor-stage [data-testid="timeline"]').boundingBox();
    expect(bar.y + bar.height, 'the timeline is inside the stage').toBeLessThanOrEqual(stage.y + stage.height + 1);
    expect(bar.height, 'the timeline takes a small part of the stage').toBeLessThanOrEqual(stage.height * 0.3);
    const tmids = await page.locator('.editor-stage .timeline :is(button, select)').evaluateAll((els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) => {
        const r = e.getBoundingClientRect();
        return Math.round(r.top + r.height / 2);
      }));
    expect(Math.max(...tmids) - Math.min(...tmids), 'the timeline controls are in one row').toBeLessThanOrEqual(4);
    await expect(page.locator('.editor-stage .timeline .stats')).not.toContainText(/\b1 processes\b|\b1 events\b/);
    await page.screenshot({ path: info.outputPath('short-phone-editor.png') });
  });

  test('the presenter keeps the tree and the step legible (short phone)', async ({ page }, info) => {
    await page.goto('/#/present/cache_one_for_one');
    await expect(page.getByTestId('narration-text')).toBeVisible();
    // The step's count and its keys share the first row; the words take the width under them.
    const count = await page.locator('.narration .count').boundingBox();
    const keys = await page.locator('.narration .keys').boundingBox();
    const say = await page.getByTestId('narration-text').boundingBox();
    expect(Math.abs((keys.y + keys.height / 2) - (count.y + count.height / 2)), 'count and keys in one row').toBeLessThanOrEqual(24);
    expect(say.width, 'the words take the width').toBeGreaterThan(short.viewport.width * 0.8);
    for (const b of await page.locator('.narration button').all()) {
      expect((await b.boundingBox()).height, 'a 44 px target').toBeGreaterThanOrEqual(44);
    }
    // The tree keeps at least a quarter of the screen.
    const stage = await page.getByTestId('stage').boundingBox();
    expect(stage.height).toBeGreaterThanOrEqual(short.viewport.height * 0.25);
    await page.screenshot({ path: info.outputPath('short-phone-presenter.png') });
  });
});
