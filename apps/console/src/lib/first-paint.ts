/**
 * The server streams the dashboard's first numbers into the page before the console's code has run (the
 * `#first-paint` block, apps/server/src/console-page.ts). The console removes it once it shows the same numbers
 * itself, or as soon as it renders any other page.
 */
export function dismissFirstPaint() {
  document.getElementById('first-paint')?.remove();
}
