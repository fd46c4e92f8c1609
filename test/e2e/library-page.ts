/** A page that imports the built library (dist-lib) and runs code against one runtime, as an integrator's page would. */

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { transformWithOxc } from 'vite';
import { type StaticServer, startStaticServer } from '../fixtures/static-server.ts';

/** Runs `code` (an async function's body with `lib`, `rt` and `args`) in the page. */
export type Call = (code: string, ...args: unknown[]) => Promise<unknown>;

/** Opens `page.html` of the site serving dist-lib under /lib/ and makes `rt = lib.createRuntime(options)`. */
export async function openLibrary(page: Page, siteUrl: string, options: Record<string, unknown>): Promise<Call> {
  await page.goto(`${siteUrl}page.html`);
  await page.evaluate(async (opts) => {
    const lib = await import(`${location.origin}/lib/inpage.js`);
    Object.assign(window, { lib, rt: lib.createRuntime(opts) });
  }, options);
  return (code, ...args) =>
    page.evaluate(
      ([body, list]) => {
        const w = window as unknown as { lib: unknown; rt: unknown };
        return new Function('lib', 'rt', 'args', `return (async () => { ${body} })()`)(w.lib, w.rt, list);
      },
      [code, args] as const,
    );
}

/** pages/plain-pages.ts as the JavaScript a page loads: type-checked there, types stripped here. */
export async function plainPagesScript(): Promise<string> {
  const source = readFileSync(new URL('./pages/plain-pages.ts', import.meta.url), 'utf8');
  return (await transformWithOxc(source, 'plain-pages.ts', { lang: 'ts' })).code;
}

/** A page whose module script has `lib` (dist-lib/inpage.js), `pages` (plain-pages.ts) and `params` (its query), then runs `run`. */
export function scriptPage(title: string, run: string): { type: string; body: string } {
  return {
    type: 'text/html',
    body: `<!doctype html><title>${title}</title><script type="module">
      import * as lib from './inpage.js';
      import * as pages from './pages.js';
      const params = new URLSearchParams(location.search);
      ${run}
    </script>`,
  };
}

/** dist-lib served under /lib/ with cross-origin isolation, beside an empty page.html to import it from. */
export function startLibrarySite(): Promise<StaticServer> {
  return startStaticServer('dist-lib', {
    isolated: true,
    base: '/lib/',
    extra: { '/page.html': { type: 'text/html', body: '<!doctype html><title>lib</title>' } },
  });
}
