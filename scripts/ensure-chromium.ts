/**
 * Finds the Chromium the end-to-end tests drive; installs Debian's package when none is found and
 * this runs as root. Never downloads a browser of its own (`npx playwright install` needs the internet).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from '../test/e2e/chromium.ts';

function version(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'version unknown';
  }
}

function aptInstall(): boolean {
  const install = () =>
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status === 0) return true;
  spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  return install().status === 0;
}

let path = chromiumPath();
if (!path && process.env.CHROME_PATH) {
  console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, but nothing is there.`);
  process.exit(1);
}
if (!path && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('No Chromium found; installing Debian\'s "chromium" package…');
  if (aptInstall()) path = chromiumPath();
}
if (!path) {
  console.error(
    'No Chromium found for the browser tests. Install it (Debian/Ubuntu: sudo apt-get install chromium) ' +
      'or set CHROME_PATH to a Chrome or Chromium binary, then run npm test again.',
  );
  process.exit(1);
}
console.log(`Browser tests use ${path} (${version(path)}).`);
