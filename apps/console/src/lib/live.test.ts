import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Stands in for the browser's EventSource: records instances and lets a test emit named events. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly listeners = new Map<string, Array<(e: { data: string }) => void>>();
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data) });
  }
}

describe('live connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetModules();
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shares one EventSource between subscribers and routes each event to those that asked for it', async () => {
    const { liveConnection } = await import('./live.ts');
    const tickets: unknown[] = [];
    const text: unknown[] = [];
    const offTickets = liveConnection.subscribe({ types: new Set(['tickets']), handler: (_t, d) => tickets.push(d) });
    const offText = liveConnection.subscribe({ types: new Set(['text']), handler: (_t, d) => text.push(d) });
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0].url).toBe('/api/v1/stream');

    const es = FakeEventSource.instances[0];
    es.emit('tickets', { type: 'tickets.created' });
    es.emit('text', { type: 'text.analysed' });
    expect(tickets).toEqual([{ type: 'tickets.created' }]);
    expect(text).toEqual([{ type: 'text.analysed' }]);

    offTickets();
    es.emit('tickets', { type: 'tickets.updated' });
    expect(tickets).toHaveLength(1);
    offText();
    expect(es.closed).toBe(false); // kept a moment for the next page
    vi.advanceTimersByTime(1000);
    expect(es.closed).toBe(true);
  });

  it('keeps the connection when a page replaces another, and reopens after it was closed', async () => {
    const { liveConnection } = await import('./live.ts');
    const off = liveConnection.subscribe({ types: new Set(['responses']), handler: () => {} });
    off();
    const again = liveConnection.subscribe({ types: new Set(['responses']), handler: () => {} });
    vi.advanceTimersByTime(5000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0].closed).toBe(false);
    again();
    vi.advanceTimersByTime(1000);
    liveConnection.subscribe({ types: new Set(['responses']), handler: () => {} });
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('reports the connection state', async () => {
    const { liveConnection } = await import('./live.ts');
    const states: boolean[] = [];
    liveConnection.onState((open) => states.push(open));
    liveConnection.subscribe({ types: new Set(['events']), handler: () => {} });
    const es = FakeEventSource.instances[0];
    es.onopen?.();
    es.onerror?.();
    expect(states).toEqual([true, false]);
  });
});
