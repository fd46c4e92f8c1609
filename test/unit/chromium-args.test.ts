import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES, PLAYWRIGHT_ENABLED_FEATURES } from '../e2e/chromium.ts';

/** A feature array in Playwright's bundled Chromium switches (`disabledFeatures = [` or `enabledFeatures = () => [`), names only. */
function playwrightFeatures(start: string): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const from = bundle.indexOf(start);
  if (from < 0) throw new Error(`Playwright's "${start}" was not found in playwright-core/lib/coreBundle.js`);
  const list = bundle.slice(from + start.length, bundle.indexOf(']', from));
  return [...list.replace(/\/\/.*$/gm, '').matchAll(/"(\w+)"/g)].map((m) => m[1] as string);
}

const switchList = (name: string): string[] => {
  const given = CHROMIUM_ARGS.filter((arg) => arg.startsWith(`--${name}=`));
  expect(given, `one --${name}`).toHaveLength(1);
  return (given[0] as string).slice(name.length + 3).split(',');
};

describe('Chromium arguments for tests and the bench', () => {
  it('keep every feature Playwright disables and enables, since Chromium honours only the last of each switch', () => {
    const disabled = playwrightFeatures('disabledFeatures = [');
    const enabled = playwrightFeatures('enabledFeatures = () => [');
    expect(disabled.length).toBeGreaterThan(5);
    expect(PLAYWRIGHT_DISABLED_FEATURES).toEqual(disabled);
    expect(PLAYWRIGHT_ENABLED_FEATURES).toEqual(enabled);
    expect(switchList('disable-features')).toEqual([...disabled, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']);
    expect(switchList('enable-features')).toEqual([...enabled, 'Vulkan']);
  });
});
