/** Drives the bare harness page (bench/harness): one call of window.runBare in the page. */
import type { Page } from 'playwright-core';
import type { BareResult, BareRun } from './harness/bare-protocol.ts';

export type { BareResult, BareRun };

export function runBare(page: Page, run: BareRun): Promise<BareResult> {
  return page.evaluate((args) => (window as unknown as { runBare: (a: BareRun) => Promise<BareResult> }).runBare(args), run);
}
