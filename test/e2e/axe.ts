/** axe-core's violations on the page as it is now, one line each: rule and the elements it flagged. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function violations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the app's Content-Security-Policy rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return result.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The looks every axe check runs in: light and dark on a desktop, and light on a 360 px phone. */
export const LOOKS = [
  { scheme: 'light', width: 1200 },
  { scheme: 'dark', width: 1200 },
  { scheme: 'light', width: 360 },
] as const;

export type Look = (typeof LOOKS)[number];

/** The phone among the looks, for what only a narrow screen shows. */
export const PHONE: Look = LOOKS[2];

/** The looks in words, for test titles. */
export const LOOK_NAMES = 'light and dark at 1200 px, light at 360 px';

const current = new WeakMap<Page, Look>();

/** Sets the page to `look`, before it is opened or at any time after. */
export async function lookAs(page: Page, look: Look): Promise<void> {
  await page.setViewportSize({ width: look.width, height: 800 });
  await page.emulateMedia({ colorScheme: look.scheme });
  current.set(page, look);
}

/**
 * axe in every look on the page as it is now, each violation prefixed with its look; the page goes
 * back to the look it was in. The layout is CSS alone (no script reads the width or the scheme) and nothing
 * animates, so switching looks shows what a page opened in that look would.
 */
export async function violationsInEveryLook(page: Page): Promise<string[]> {
  const was = current.get(page) ?? LOOKS[0];
  const found: string[] = [];
  for (const look of LOOKS) {
    await lookAs(page, look);
    for (const violation of await violations(page)) found.push(`(${look.scheme}, ${look.width} px) ${violation}`);
  }
  await lookAs(page, was);
  return found;
}

/** How wide the page's content is, to check that nothing scrolls sideways on a phone. */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
