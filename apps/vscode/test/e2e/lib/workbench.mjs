// Helpers that drive the VS Code workbench (code-server's web UI) with playwright-core.

/** Open the workbench at `url` and wait until it has rendered its status bar (contributions registered). */
export async function openWorkbench(context, url) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page);
  return page;
}

export async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
}

const quickInput = (page) => page.locator('.quick-input-widget .quick-input-box input');

/**
 * Run a command from the command palette by its title (as shown, e.g. `latentkit: Train Model…`). Retried a few
 * times: right after start-up the workbench may not have read the extensions' contributions yet, and a page that
 * takes the focus (a walkthrough selecting its step) closes the palette.
 */
export async function runCommand(page, title, attempts = 6) {
  const input = quickInput(page);
  for (let attempt = 1; ; attempt++) {
    await openPalette(page);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: 5_000 });
      await input.press('Enter', { timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

async function openPalette(page) {
  const input = quickInput(page);
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape').catch(() => {});
      await page
        .locator('.monaco-workbench')
        .click({ position: { x: 700, y: 12 } })
        .catch(() => {});
    }
  }
}

/**
 * In the quick pick whose title (or placeholder) contains `title`, type `filter` and choose the first row that contains `rowText`
 * (and, when given, none of `unless`). Returns the chosen row's text, or undefined when no row matches.
 */
export async function pickQuickItem(page, title, filter, rowText = filter, options = {}) {
  const input = quickInput(page);
  await page.waitForFunction(
    (t) => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget || getComputedStyle(widget).display === 'none') return false;
      const shownTitle = widget.querySelector('.quick-input-title')?.textContent ?? '';
      const placeholder = widget.querySelector('.quick-input-box input')?.getAttribute('placeholder') ?? '';
      return shownTitle.includes(t) || placeholder.includes(t);
    },
    title,
    { timeout: options.timeout ?? 30_000 },
  );
  await input.fill(filter);
  await page.waitForTimeout(300);
  // Choose with the keyboard: a hover over a row (its detail) may intercept mouse clicks.
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const listed = await rows.evaluateAll((els) => els.map((e) => ({ index: Number(e.getAttribute('data-index') ?? 0), text: e.innerText })));
  const texts = listed.sort((a, b) => a.index - b.index).map((r) => r.text.replace(/\s+/g, ' '));
  const index = texts.findIndex((t) => t.includes(rowText) && !(options.unless && t.includes(options.unless)));
  if (index < 0) return undefined;
  if (!options.dryRun) {
    // Press the keys in the quick input: a page that opened it from a button (a walkthrough) may take the focus back.
    for (let i = 0; i < index; i++) await input.press('ArrowDown');
    await input.press('Enter');
  }
  return texts[index];
}

/** All rows of the open quick pick, as text. */
export async function quickItems(page) {
  return (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
}

/**
 * The frame of the webview whose document contains `selector`. A webview is two nested iframes
 * (`iframe.webview` → `iframe#active-frame`); with several open, the frames are searched for the selector.
 */
export async function webviewFrame(page, selector, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview contains ${selector} after ${timeout / 1000} s`);
    await page.waitForTimeout(250);
  }
}

/** Wait for a notification toast containing `text` (a string or RegExp) and return its text. */
export async function waitForToast(page, text, timeout = 60_000) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return (await toast.innerText()).replace(/\s+/g, ' ');
}

/** Texts of the visible notification toasts. */
export async function toastTexts(page) {
  return (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
}

/** Close every editor and clear notifications, so the next scenario starts clean. */
export async function resetWorkbench(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(300);
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
  await page.waitForTimeout(300);
}

/** Screenshot of the whole workbench (notifications cleared first) and of the visible webview's element. */
export async function screenshots(page, base) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${base}.png` });
  const frames = page.locator('iframe.webview.ready');
  const n = await frames.count();
  for (let i = 0; i < n; i++) {
    if (await frames.nth(i).isVisible()) {
      await frames.nth(i).screenshot({ path: `${base}-webview.png` });
      break;
    }
  }
}
