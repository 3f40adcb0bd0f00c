import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidEventError } from '../../events/errors.ts';
import { defineEvent, EventRegistry } from '../../events/registry.ts';

const registry = new EventRegistry([
  defineEvent('Renamed', z.object({ name: z.string().min(1), by: z.string() }), {
    schemaVersion: 3,
    upcasters: {
      1: (payload) => ({ ...(payload as object), by: (payload as { who?: string }).who }),
      2: (payload) => payload,
    },
  }),
]);

describe('event registry', () => {
  it('validates on append: strips unknown fields, refuses invalid payloads and unknown types', () => {
    expect(registry.forAppend('Renamed', { name: 'A', by: 'u', extra: 1 })).toEqual({ payload: { name: 'A', by: 'u' }, schemaVersion: 3 });
    expect(() => registry.forAppend('Renamed', { name: '', by: 'u' })).toThrow(InvalidEventError);
    expect(() => registry.forAppend('Other', {})).toThrow(InvalidEventError);
  });

  it('reads a payload of the current version as it was stored: it was validated when appended', () => {
    const stored = { name: 'A', by: 'u' };
    expect(registry.onRead('Renamed', 3, stored)).toBe(stored);
    const event = { type: 'Renamed', schemaVersion: 3, payload: stored };
    expect(registry.upcast(event)).toBe(event);
    // Upcast, the payload in the current shape; the stored version stays (the hash covers it).
    expect(registry.upcast({ ...event, schemaVersion: 1, payload: { name: 'A', who: 'u' } })).toEqual({ ...event, schemaVersion: 1 });
  });

  it('upcasts older payloads and validates what the upcasters make', () => {
    expect(registry.onRead('Renamed', 1, { name: 'A', who: 'u' })).toEqual({ name: 'A', by: 'u' });
    expect(() => registry.onRead('Renamed', 1, { name: 'A' })).toThrow(InvalidEventError);
    expect(() => registry.onRead('Renamed', 4, { name: 'A', by: 'u' })).toThrow(/newer than this code/);
    expect(() => registry.onRead('Other', 1, {})).toThrow(InvalidEventError);
  });
});
