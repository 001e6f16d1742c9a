// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser), and a recorder of console errors and requests.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with the flags this machine needs (root, no GPU, closed network). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run',
    ],
  });
}

/**
 * Records console errors, page errors and every request of `context`; requests to any origin
 * other than `origin` are recorded in `foreign` and aborted.
 */
export async function recordProblems(context, page, origin) {
  const problems = { console: [], foreign: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    problems.requests.push(url);
    if (new URL(url).origin !== origin) {
      problems.foreign.push(url);
      return route.abort();
    }
    return route.continue();
  });
  return problems;
}
