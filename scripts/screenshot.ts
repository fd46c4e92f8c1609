/**
 * The README's screenshot: the first visit to a served build, 1280 × 800, into docs/screenshot.png.
 * Serve a build first (`npx vite preview --port 4391 --strictPort`), then: npx tsx scripts/screenshot.ts
 * PORT picks another port; CHROME_PATH another Chromium.
 */
import { chromium } from 'playwright-core';

const port = Number(process.env.PORT ?? 4391);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
  await page.goto(`http://localhost:${port}/`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(1000); // the status line settles after the device probe
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log(`docs/screenshot.png: ${await page.title()} at http://localhost:${port}/`);
} finally {
  await browser.close();
}
