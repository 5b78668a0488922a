/*
 * loopcx service worker (served from the console origin at /sw.js, scope "/"): shows web push notifications sent by
 * the server (domains/notifications/commands/send-push.ts; payload {id, kind, title, body, link}) and opens the
 * console page where each is handled. No caching and no fetch handler: the console stays online-only, so a release
 * is never hidden behind a stale cache. Plain script, same origin: fits the console CSP (script-src 'self').
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: 'loopcx', body: event.data ? event.data.text() : '' };
  }
  const link =
    typeof data.link === 'string' && data.link.startsWith('/') && !data.link.startsWith('//')
      ? data.link
      : '/notifications';
  event.waitUntil(
    self.registration.showNotification(typeof data.title === 'string' && data.title ? data.title : 'loopcx', {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.id === 'string' ? data.id : undefined,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      data: { link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.link || '/notifications', self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const client of list) {
        if ('focus' in client && 'navigate' in client)
          return client.navigate(url.href).then((c) => (c || client).focus());
      }
      return self.clients.openWindow(url.href);
    }),
  );
});
