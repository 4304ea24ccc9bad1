import { describe, expect, it } from 'vitest';
import { clockEventKinds } from '../applications.vocabulary.js';
import { clockEventKindNames, toClockEvent } from './case-clock.js';

describe('clockEventKindNames', () => {
  it('lists exactly the kinds toClockEvent turns into clock events (the recompute reads only those)', () => {
    const candidates = [...Object.keys(clockEventKinds), 'assign', 'note', 'reply', 'close', 'reminder_sent', 'received'];
    const moving = candidates.filter((kind) => toClockEvent(kind, '2026-10-08', {}) !== undefined);
    expect([...clockEventKindNames].sort()).toEqual([...new Set(moving)].sort());
    expect(clockEventKindNames).not.toContain('received');
  });
});
