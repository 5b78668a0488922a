import type {
  TNotificationListResponse,
  TNotificationPreferencesResponse,
  TNotificationResponse,
  TRobotResponse,
  TRobotTestResponse,
  TUnreadCountResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** An in-app notification as the bell and the list show it. */
export type Notification = TNotificationResponse;
/** A group robot (its URL and secret are write-only). */
export type Robot = TRobotResponse;

/** Query keys of the notification centre, preferences and robots. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
  list: (unreadOnly: boolean) => [...notificationKeys.all, 'list', unreadOnly] as const,
  preferences: () => ['notification-preferences'] as const,
  robots: () => ['notification-robots'] as const,
};

/** The caller's unread count (the bell); the shell refetches it on the live `notifications` event. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: () => api<TUnreadCountResponse>('notifications/unread-count').then((r) => r.unread),
    staleTime: 30_000,
  });
}

/** The caller's notifications, newest first, a page at a time. */
export function useNotifications(unreadOnly: boolean, enabled = true) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    enabled,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<TNotificationListResponse>(
        `notifications?limit=20${unreadOnly ? '&unread=true' : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Marks one notification read. */
export function useMarkRead(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`notifications/${id}/read`, { method: 'POST' }),
    [notificationKeys.all],
    callbacks,
  );
}

/** Marks every notification read. */
export function useMarkAllRead(callbacks?: MutationCallbacks<unknown, void>) {
  return useInvalidatingMutation(
    () => api('notifications/read-all', { method: 'POST' }),
    [notificationKeys.all],
    callbacks,
  );
}

/** The caller's channels per kind. */
export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => api<TNotificationPreferencesResponse>('notification-preferences'),
  });
}

/** Switches channels per kind. */
export function useSavePreferences(
  callbacks?: MutationCallbacks<unknown, Array<{ kind: string; channel: string; enabled: boolean }>>,
) {
  return useInvalidatingMutation(
    (items: Array<{ kind: string; channel: string; enabled: boolean }>) =>
      api('notification-preferences', { method: 'PUT', body: { items } }),
    [notificationKeys.preferences()],
    callbacks,
  );
}

/** Group robots of units in scope. */
export function useRobots() {
  return useQuery({
    queryKey: notificationKeys.robots(),
    queryFn: () => api<{ items: Robot[] }>('notification-robots').then((r) => r.items),
  });
}

/** Adds a robot, or changes `id` (a new URL or secret replaces the stored one). */
export function useSaveRobot(callbacks?: MutationCallbacks<unknown, { id?: string; values: Record<string, unknown> }>) {
  return useInvalidatingMutation(
    (v: { id?: string; values: Record<string, unknown> }) =>
      v.id
        ? api(`notification-robots/${v.id}`, { method: 'PATCH', body: v.values })
        : api('notification-robots', { body: v.values }),
    [notificationKeys.robots()],
    callbacks,
  );
}

/** Deletes a robot. */
export function useDeleteRobot(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`notification-robots/${id}`, { method: 'DELETE' }),
    [notificationKeys.robots()],
    callbacks,
  );
}

/** Sends a test message through a robot now. */
export function useTestRobot(callbacks?: MutationCallbacks<TRobotTestResponse, string>) {
  return useInvalidatingMutation(
    (id: string) => api<TRobotTestResponse>(`notification-robots/${id}/test`, { method: 'POST' }),
    [notificationKeys.robots()],
    callbacks,
  );
}

const fromB64url = (s: string) => {
  const b = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
};

/** Whether this browser can receive web push (service workers, the Push API and notifications). */
export const pushSupported = () =>
  typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  'Notification' in window;

/**
 * Subscribes this browser to web push: registers the service worker (/sw.js), asks for permission, subscribes with
 * the install's VAPID key and hands the subscription to the server. Throws when permission is refused.
 */
export async function enablePush(): Promise<void> {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('permission');
  const { publicKey } = await api<{ publicKey: string }>('push/vapid-public-key');
  const ready = await navigator.serviceWorker.ready;
  const existing = await ready.pushManager.getSubscription();
  const subscription =
    existing ??
    (await ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromB64url(publicKey) }));
  await api('push/subscriptions', { body: { ...subscription.toJSON(), userAgent: navigator.userAgent.slice(0, 300) } });
  void registration;
}

/** Stops web push in this browser. */
export async function disablePush(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await api('push/subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } }).catch(
    () => undefined,
  );
  await subscription.unsubscribe();
}
