import { describe, expect, it } from 'vitest';
import {
  type Answer,
  bySection,
  forgetDraft,
  forgetSubmitKey,
  loadDraft,
  missing,
  saveDraft,
  submitKey,
  toResults,
} from './answers.ts';

const photo = { id: '5b0c7a52-7a4b-4b1e-9f0e-0d1c2b3a4f5e', itemCode: 'F1', url: '/api/v1/audits/a/photos/p' };
const items = [
  { code: 'G1', evidence: 'none' as const, section: '迎宾' },
  { code: 'F1', evidence: 'photo' as const, section: '出品' },
  { code: 'G2', evidence: 'note' as const, section: '出品' },
  { code: 'G3', evidence: 'none' as const, section: null },
];

/** sessionStorage as a map. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('what an item lacks before submit', () => {
  it('an unanswered item lacks its result', () => {
    expect(missing(items[0]!, undefined)).toBe('result');
    expect(missing(items[0]!, { note: '', photos: [] })).toBe('result');
  });

  it('a failed item lacks the photo or the note its checklist requires, and nothing else', () => {
    const failed: Answer = { result: 'fail', note: '  ', photos: [] };
    expect(missing(items[1]!, failed)).toBe('photo');
    expect(missing(items[1]!, { ...failed, photos: [photo] })).toBeNull();
    expect(missing(items[2]!, failed)).toBe('note');
    expect(missing(items[2]!, { ...failed, note: '桌面有油渍' })).toBeNull();
    expect(missing(items[0]!, failed)).toBeNull();
  });

  it('a passed or not-applicable item needs no evidence', () => {
    expect(missing(items[1]!, { result: 'pass', note: '', photos: [] })).toBeNull();
    expect(missing(items[2]!, { result: 'na', note: '', photos: [] })).toBeNull();
  });
});

describe('the submitted results', () => {
  it('one per item in checklist order, with the trimmed note and the photo ids only when given', () => {
    const answers: Record<string, Answer> = {
      G1: { result: 'pass', note: '', photos: [] },
      F1: { result: 'fail', note: ' 牛奶过期 ', photos: [photo] },
      G2: { result: 'na', note: '', photos: [] },
      G3: { result: 'pass', note: '', photos: [] },
    };
    expect(toResults(items, answers)).toEqual([
      { code: 'G1', result: 'pass' },
      { code: 'F1', result: 'fail', note: '牛奶过期', photoIds: [photo.id] },
      { code: 'G2', result: 'na' },
      { code: 'G3', result: 'pass' },
    ]);
  });

  it('refuses to build results with an unanswered item', () => {
    expect(() => toResults(items, {})).toThrow('G1');
  });
});

describe('items by section', () => {
  it('groups in order of first appearance and keeps items without a section as their own group', () => {
    expect(bySection(items).map((g) => [g.section, g.items.map((i) => i.code)])).toEqual([
      ['迎宾', ['G1']],
      ['出品', ['F1', 'G2']],
      [null, ['G3']],
    ]);
  });
});

describe('the idempotency key of a submit', () => {
  it('is the same on a resend until forgotten, and differs per audit', () => {
    const storage = memoryStorage();
    const first = submitKey(storage, 'audit-1');
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(submitKey(storage, 'audit-1')).toBe(first);
    expect(submitKey(storage, 'audit-2')).not.toBe(first);
    forgetSubmitKey(storage, 'audit-1');
    expect(submitKey(storage, 'audit-1')).not.toBe(first);
  });
});

describe('the draft of an audit', () => {
  it('keeps the answers across a reload until the submit, per audit', () => {
    const store = memoryStorage();
    const answers: Record<string, Answer> = {
      G1: { result: 'pass', note: '', photos: [] },
      F1: { result: 'fail', note: '过期酸奶', photos: [photo] },
    };
    expect(loadDraft(store, 'a1')).toEqual({});
    saveDraft(store, 'a1', answers);
    expect(loadDraft(store, 'a1')).toEqual(answers);
    expect(loadDraft(store, 'a2')).toEqual({});
    forgetDraft(store, 'a1');
    expect(loadDraft(store, 'a1')).toEqual({});
  });

  it('reads what is readable of a damaged draft and ignores the rest', () => {
    const store = memoryStorage();
    store.setItem('loopcx.audit.a1.draft', 'not json');
    expect(loadDraft(store, 'a1')).toEqual({});
    store.setItem(
      'loopcx.audit.a1.draft',
      JSON.stringify({ G1: { result: 'maybe', note: 3, photos: [{ id: 1 }, photo] }, G2: null }),
    );
    expect(loadDraft(store, 'a1')).toEqual({ G1: { note: '', photos: [photo] } });
  });

  it('a storage that refuses to write leaves the page working', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveDraft(full, 'a1', {})).not.toThrow();
  });
});
