/** Service-worker helpers for the specs that run with it on (pwa, wasm-compat, pictures-app). */
import type { Page } from '@playwright/test';
import { type ModelServer, startModelServer } from '../fixtures/model-server.ts';
import { type StaticServer, startStaticServer } from '../fixtures/static-server.ts';
import { expect } from './fixtures.ts';

/** Waits until the service worker is active and controls the page. */
export async function controlled(page: Page): Promise<void> {
  // The app may reload itself once when the service worker takes over (to become isolated): ask again across it.
  const check = () =>
    page.evaluate(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null).catch(() => false);
  await expect.poll(check, { timeout: 20_000 }).toBe(true);
  await page.waitForLoadState();
}

/** Every Content-Security-Policy violation, on the page (recorded from the first script on) and in the worker (its console line). */
export async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const logged: string[] = [];
  page.on('console', (m) => {
    const line = /Content-Security-Policy blocked (\S+) \(([^)]+)\)/.exec(m.text());
    if (line) logged.push(`${line[2]} ${line[1]}`);
  });
  // The same violation can be seen twice (the page's event and the app's console line): count it once.
  return async () => [
    ...new Set([...(await page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? [])), ...logged]),
  ];
}

/**
 * Runs `body` with the app and the models on servers of their own, as a plain static host serves them,
 * so that closing both (`cut`) takes the network away for real, sockets and all.
 */
export async function onOwnServers(body: (servers: { site: StaticServer; models: ModelServer; cut(): Promise<void> }) => Promise<void>) {
  const site = await startStaticServer('dist', { isolated: false });
  const models = await startModelServer(process.env.TINY_MODEL_PATH as string);
  const cut = async () => {
    await site.close();
    await models.close();
  };
  try {
    await body({ site, models, cut });
  } finally {
    await cut();
  }
}
