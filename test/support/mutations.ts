import { expect } from 'vitest';
import type { TestServer } from './api-server.ts';

export interface ExpectedUserError {
  code: string;
  field?: string[];
  message?: RegExp;
}

/**
 * Mutations by name over HTTP (`<Name>Input`, the payload's `selection` and its userErrors), and
 * refusals checked the way the standards ask: these user errors, in this order, and nothing appended.
 * `api` is read when called, so it may be assigned in a beforeAll.
 */
/** The document of mutation `name` (input type `<Name>Input`), selecting `selection` and the userErrors of its payload. */
export const mutationDocument = (name: string, selection: string) =>
  `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;

export function mutations(api: () => TestServer) {
  const logSize = async () => (await api().gql('{ auditTrail(first: 1) { totalCount } }')).data!.auditTrail.totalCount as number;

  async function mutate(name: string, selection: string, input: Record<string, unknown>) {
    const result = await api().gql(mutationDocument(name, selection), { input });
    expect(result.errors).toBeUndefined();
    return result.data![name];
  }

  async function refused(name: string, selection: string, input: Record<string, unknown>, ...errors: ExpectedUserError[]) {
    const before = await logSize();
    const result = await mutate(name, selection, input);
    expect(result.userErrors).toEqual(
      errors.map(({ message, ...e }) => expect.objectContaining({ ...e, ...(message ? { message: expect.stringMatching(message) } : {}) })),
    );
    expect(await logSize()).toBe(before);
  }

  return { mutate, refused, logSize };
}
