import fc from 'fast-check';
import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.ts';

// The schema's DateTime answers canonical timestamps without re-parsing them: the JSON it puts on
// the wire must be exactly graphql-scalars' for every value, and it must refuse what that refuses.

const ours = schema.getType('DateTime') as GraphQLScalarType;
const outcome = (scalar: GraphQLScalarType, value: unknown) => {
  try {
    return { json: JSON.stringify(scalar.serialize(value)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('DateTime', () => {
  it('serializes every value to the same JSON as graphql-scalars, or refuses it the same way', () => {
    const samples: unknown[] = [
      '2026-11-21T19:05:13.000Z',
      '2026-11-21T19:05:13Z',
      '2026-11-21T20:05:13.123+01:00',
      '2024-02-30T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2016-12-31T23:59:60.000Z',
      '+275760-09-13T00:00:00.000Z',
      'yesterday',
      '',
      new Date('2026-11-21T19:05:13.456Z'),
      new Date(Number.NaN),
      1_795_287_511_086,
      null,
      {},
    ];
    for (const value of samples) expect(outcome(ours, value), String(value)).toEqual(outcome(DateTimeResolver, value));
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), fc.boolean(), (date, asString) => {
        const value = asString ? date.toISOString() : date;
        expect(outcome(ours, value)).toEqual(outcome(DateTimeResolver, value));
      }),
    );
  });

  it('keeps the description and parsing of graphql-scalars', () => {
    expect(ours.description).toBe(DateTimeResolver.description);
    expect(ours.parseValue('2026-11-21T19:05:13Z')).toEqual(DateTimeResolver.parseValue('2026-11-21T19:05:13Z'));
  });
});
