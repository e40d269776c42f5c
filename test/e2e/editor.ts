/**
 * The editor as a user drives it: the command palette, Quick Open, Go to Line, the Problems panel,
 * hovers and the status bar, through the keyboard and the mouse only. Selectors are those of the
 * VS Code 1.100 workbench that code-server serves.
 */
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitUntil } from './waitUntil';

const UI_TIMEOUT = 30_000;

export class Editor {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly outputDir: string,
  ) {}

  /** Loads the workbench and waits for the extension's status bar item. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await this.statusItem().waitFor({ timeout: 90_000 });
  }

  /** Saves a screenshot as `<n>-<name>.png` in the output folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.outputDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Clicks the Command Center, which opens Quick Open wherever the focus is; returns its input. A
   * click that opened nothing (it happened, with a hover or a dialog's focus in the way) is tried
   * again after Escape, as a user would, and logged.
   */
  private async openQuickInput(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.command-center .command-center-center').first().click();
      try {
        await input.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : UI_TIMEOUT });
        return input;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.warn(`[e2e] the Command Center opened nothing (attempt ${attempt}); Escape, and again`);
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Runs a command from the command palette by its title, as a user types it. */
  async runCommand(title: string): Promise<void> {
    await this.closeWidgets();
    // The Command Center in the title bar opens the command palette wherever the focus is. F1 does
    // not when the focus is inside a webview (the triage panel): it reached the palette only some
    // of the time, and clicking the panel's tab can leave the focus where it was.
    const input = await this.openQuickInput();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await row.click();
  }

  /** Dismisses the notification toasts (as a user does from the palette), e.g. before a screenshot. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await waitUntil('no notification toast', async () => (await this.page.locator('.notification-toast').count()) === 0, {
      timeoutMs: UI_TIMEOUT,
    });
  }

  /** Answers an open input box (e.g. the password box of Set Feed Token). */
  async answerInput(value: string, { password = false } = {}): Promise<void> {
    const input = this.page.locator(`.quick-input-widget input${password ? '[type="password"]' : ''}`);
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.fill(value);
    await input.press('Enter');
  }

  /** Opens a workspace file with Quick Open (from the Command Center) and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    await this.closeWidgets();
    const input = await this.openQuickInput();
    await input.fill(relativePath);
    const name = path.basename(relativePath);
    // Wait for the filtered list: before it applies, the focused row is a recently opened file.
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: name });
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await input.press('Enter');
    await this.page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: UI_TIMEOUT });
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: UI_TIMEOUT });
  }

  /** Moves the cursor to a line with Go to Line (Ctrl+G). */
  async goToLine(line: number): Promise<void> {
    await this.closeWidgets();
    await this.page.keyboard.press('Control+G');
    await this.answerInput(`:${line}`);
    await waitUntil(`the cursor on line ${line}`, async () => (await this.cursorLine()) === line, { timeoutMs: UI_TIMEOUT });
  }

  /** The line the status bar says the cursor is on ("Ln 15, Col 1"). */
  async cursorLine(): Promise<number | undefined> {
    const text = await this.page.locator('#status\\.editor\\.selection').innerText({ timeout: 2000 });
    const match = /Ln (\d+)/.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  /** Closes the quick input, hovers and notifications-free widgets with Escape. */
  async closeWidgets(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /**
   * A notification toast whose message matches `text`, once it shows. VS Code shows three toasts at
   * most and holds a newer one back until one closes: others in the way are closed, one at a time,
   * with their own close button (never "Clear All", which would drop the held one too).
   */
  async notification(text: string | RegExp, timeoutMs = UI_TIMEOUT): Promise<Locator> {
    const toasts = this.page.locator('.notification-toast');
    const toast = toasts.filter({ hasText: text }).first();
    return waitUntil(
      `a notification saying ${text}`,
      async () => {
        if (await toast.isVisible()) return toast;
        const other = toasts.filter({ hasNotText: text }).first();
        if (await other.isVisible()) {
          // Say which notification was in the way when it cannot be cleared (the wait's last error).
          const shown = (await other.innerText({ timeout: 1000 }).catch(() => '?')).replace(/\s+/g, ' ');
          try {
            await other.hover({ timeout: 2000 });
            await other.locator('.codicon-notifications-clear').first().click({ timeout: 2000 });
          } catch (err) {
            throw new Error(`could not clear the notification in the way, "${shown}": ${(err as Error).message.split('\n')[0]}`, {
              cause: err,
            });
          }
        }
        return undefined;
      },
      { timeoutMs },
    );
  }

  /** The Findings view in the side bar (shown from the activity bar first when it is not). */
  async findingsView(): Promise<Locator> {
    const view = this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header', { hasText: 'Findings' }) })
      .first();
    if (!(await view.isVisible())) await this.runCommand('Findings Lens: Focus on Findings View');
    await view.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return view;
  }

  /**
   * Sets one user setting in the Settings editor, as a user types it there (code-server does not
   * always notice settings.json changed under it), then closes the editor.
   */
  async setUserSetting(key: string, value: string, { isDefault = false } = {}): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    const settings = this.page.locator('.settings-editor');
    await settings.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(key);
    await this.fillSettingShown(key, value, { isDefault });
    await this.runCommand('View: Close All Editors');
  }

  /** Ticks or unticks a true/false user setting in the Settings editor, as a user clicks it there. */
  async setUserCheckbox(key: string, checked: boolean, { isDefault = false } = {}): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    await this.page.locator('.settings-editor').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(key);
    const item = this.page
      .locator('.settings-editor .setting-item-contents')
      .filter({ has: this.page.locator('.setting-item-title', { hasText: settingTitle(key) }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const box = item.locator('.setting-value-checkbox').first();
    if ((await box.getAttribute('aria-checked')) !== String(checked)) await box.click();
    await waitUntil(
      `${key} written as ${checked}`,
      async () =>
        (await box.getAttribute('aria-checked')) === String(checked) &&
        (await item.evaluate((el) => el.classList.contains('is-configured'))) === !isDefault,
      { timeoutMs: UI_TIMEOUT },
    );
    await this.runCommand('View: Close All Editors');
  }

  /**
   * Types a value into a setting the Settings editor shows, found by its title as the editor
   * writes it (`findingsLens.feed.pollInterval` is "Feed: Poll Interval"): a search can find others
   * beside it (a setting modified lately is listed too).
   */
  async fillSettingShown(key: string, value: string, { isDefault = false } = {}): Promise<void> {
    const item = this.page
      .locator('.settings-editor .setting-item-contents')
      .filter({ has: this.page.locator('.setting-item-title', { hasText: settingTitle(key) }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await item.locator('.setting-item-control input').first().fill(value);
    // The editor writes the value after a short pause: it is marked modified once written (and
    // unmarked when the value is the default, which it then removes from settings.json).
    await waitUntil(
      `${key} written as ${JSON.stringify(value)}`,
      async () => (await item.evaluate((el) => el.classList.contains('is-configured'))) === !isDefault,
      { timeoutMs: UI_TIMEOUT },
    );
  }

  /** The Findings Lens status bar item. */
  statusItem(): Locator {
    return this.page.locator('.statusbar-item[id$="findingsLens.status"]');
  }

  /** Waits until the Findings Lens status bar item's text matches; returns that text. */
  async waitForStatus(pattern: RegExp, timeoutMs = UI_TIMEOUT): Promise<string> {
    return waitUntil(
      `the Findings Lens status bar item to match ${pattern}`,
      async () => {
        const text = await this.statusItem().locator('.statusbar-item-label').innerText({ timeout: 2000 });
        return pattern.test(text) ? text : undefined;
      },
      { timeoutMs },
    );
  }

  /** The editor group that has focus. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The rendered line of the active editor that contains `text`. */
  lineWithText(text: string): Locator {
    return this.activeEditor().locator('.view-lines .view-line').filter({ hasText: text }).first();
  }

  /** The Problems panel rows, as the user reads them. */
  problemRows(): Locator {
    return this.page.locator('.markers-panel .monaco-list-row');
  }

  /** Opens the Problems panel (View: Focus on Problems View). */
  async showProblems(): Promise<void> {
    await this.runCommand('Focus on Problems View');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /**
   * Hovers the mouse over `text` in the active editor and returns the hover that appears. As a user
   * moves the mouse away and back when no hover came (VS Code drops a hover request that a busy
   * extension host answers after the mouse "left"), it tries again, logged, at most three times.
   */
  async hoverOver(text: string, expected: string | RegExp): Promise<Locator> {
    const hover = this.page.locator('.monaco-hover-content').filter({ hasText: expected }).first();
    for (let attempt = 1; ; attempt++) {
      const line = this.lineWithText(text);
      const span = line.locator('span span').filter({ hasText: text }).first();
      const target = (await span.count()) > 0 ? span : line;
      await target.hover();
      try {
        await hover.waitFor({ state: 'visible', timeout: attempt < 3 ? 10_000 : UI_TIMEOUT });
        return hover;
      } catch (error) {
        if (attempt >= 3) throw error;
        const shot = await this.screenshot('hover-not-shown').catch(() => '(no screenshot)');
        console.warn(
          `[e2e] no hover matching ${String(expected)} over "${text}" yet (screenshot ${shot}); moving away and back (attempt ${attempt + 1})`,
        );
        await this.page.mouse.move(0, 0);
      }
    }
  }

  /** Waits until the line holding `text` is drawn with an error squiggle under it. */
  async waitForSquiggleOn(text: string, kind: 'error' | 'warning' | 'info' = 'error'): Promise<void> {
    await waitUntil(
      `a ${kind} squiggle on the line "${text}"`,
      async () => {
        const line = await this.lineWithText(text).boundingBox({ timeout: 2000 });
        if (!line) return false;
        const squiggles = this.activeEditor().locator(`.view-overlays .squiggly-${kind}`);
        for (const box of await boxes(squiggles)) {
          if (box.y >= line.y - 1 && box.y + box.height <= line.y + line.height + 1) return true;
        }
        return false;
      },
      { timeoutMs: UI_TIMEOUT },
    );
  }

  /**
   * Clicks a code lens until `done` says it took effect, as a user clicks again when nothing
   * happened: VS Code re-renders a file's lenses (new links) when they are refreshed, and a click
   * landing during it can be lost. Each retry is logged with a screenshot, so that a lens that never
   * works still fails and a flaky one shows: the screenshot of one ("Actual command not found")
   * found the resolve race that src/server/views/codeLens.ts explains.
   */
  async clickCodeLens(target: Locator, what: string, done: () => Promise<boolean>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await target.click();
      try {
        await waitUntil(`${what} after clicking the code lens`, async () => (await done()) || undefined, {
          timeoutMs: attempt < 3 ? 10_000 : UI_TIMEOUT,
        });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        // A slow editor may have done it just after the wait: a second click would undo or repeat it.
        if (await done()) return;
        const shot = await this.screenshot('lens-click-without-effect').catch(() => '(no screenshot)');
        console.warn(
          `[e2e] clicking the code lens did not yet give ${what} (screenshot ${shot}); clicking it again (attempt ${attempt + 1})`,
        );
      }
    }
  }

  /**
   * Waits until a code lens whose text matches `lensText` is drawn directly above the line that
   * holds `lineText` (code lenses sit in a band just over their line); returns the lens.
   */
  async waitForCodeLensAbove(lineText: string, lensText: string): Promise<Locator> {
    const lens = this.activeEditor().locator('.codelens-decoration').filter({ hasText: lensText }).first();
    await waitUntil(
      `the code lens "${lensText}" right above the line "${lineText}"`,
      async () => {
        const [line, lensBox] = await Promise.all([
          this.lineWithText(lineText).boundingBox({ timeout: 2000 }),
          lens.boundingBox({ timeout: 2000 }),
        ]);
        if (!line || !lensBox) return false;
        const gap = line.y - (lensBox.y + lensBox.height);
        return gap >= -1 && gap < line.height;
      },
      { timeoutMs: UI_TIMEOUT },
    );
    return lens;
  }
}

async function boxes(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }[]> {
  const all = await locator.all();
  const found = await Promise.all(all.map((l) => l.boundingBox({ timeout: 1000 }).catch(() => null)));
  return found.filter((b): b is NonNullable<typeof b> => b !== null);
}

/**
 * The content of the triage panel's webview. code-server nests it twice: the workbench's
 * `iframe.webview` hosts VS Code's webview shell, whose `iframe#active-frame` holds our page.
 */
export function triagePanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview[title="Findings Lens: Triage"], iframe.webview').last().frameLocator('iframe#active-frame');
}

/** Ctrl+Alt+K A: the Acknowledge form for the finding at the cursor; resolves with the form once it shows `title`. */
export async function acknowledgeFormAtCursor(page: Page, title: string): Promise<Locator> {
  await page.keyboard.press('Control+Alt+K');
  await page.keyboard.press('a');
  const panel = triagePanel(page);
  const form = panel.locator('section.form');
  await form.getByText('Acknowledge this finding').waitFor({ timeout: UI_TIMEOUT });
  await panel.locator('#details-title').getByText(title).waitFor({ timeout: UI_TIMEOUT });
  return form;
}

/** Picks "Will fix" in the open form's reason picker from the keyboard (the form takes focus on it). */
export async function pickWillFix(page: Page): Promise<void> {
  const reason = triagePanel(page).locator('#form-reason');
  // The form takes focus on its reason; the dropdown opens with ArrowDown and picks with Enter.
  await waitUntil('focus on the reason picker', () =>
    reason.evaluate((el) => el.matches(':focus-within') || document.activeElement === el),
  );
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitUntil('"Will fix" chosen', () => reason.evaluate((el) => (el as unknown as { value: string }).value === 'will_fix'));
}

/** "Feed: Poll Interval" for `findingsLens.feed.pollInterval`: the label the Settings editor gives a setting. */
function settingTitle(key: string): string {
  const words = (segment: string): string => segment.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
  return key.split('.').slice(1).map(words).join(': ');
}
