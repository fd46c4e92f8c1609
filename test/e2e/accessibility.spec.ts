/** Automated accessibility checks (axe-core) on the app's states, in light and dark colour schemes. */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function violations(page: Page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return result.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations in the ${scheme} scheme: empty, mid-conversation with settings open, and on error`, async ({ app }) => {
    await app.page.emulateMedia({ colorScheme: scheme });
    await app.page.goto('/');
    expect(await violations(app.page)).toEqual([]);

    await app.open();
    await app.ready();
    await app.send('hi');
    await app.finishedReply();
    await app.page.getByText('Generation settings').click();
    expect(await violations(app.page)).toEqual([]);

    await app.open('/missing.gguf');
    await expect(app.page.getByRole('alert')).toBeVisible();
    expect(await violations(app.page)).toEqual([]);
  });
}
