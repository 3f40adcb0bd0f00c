/** The demo's cast: who records what, and the teams they lead. */

export type QuarterKey = 'previous' | 'current';
export type PersonaKey = keyof typeof PERSONAS;
export type Ref = string;

export interface Persona {
  /** The actor id events carry (the token subject once authentication lands). */
  id: string;
  name: string;
  title: string;
  role: 'ADMIN' | 'LEAD';
}

/** Who records what: the VP runs the org-wide records, each lead their team's. */
export const PERSONAS = {
  priya: { id: 'priya', name: 'Priya Raman', title: 'VP Engineering', role: 'ADMIN' },
  marco: { id: 'marco', name: 'Marco Ruiz', title: 'Checkout lead', role: 'LEAD' },
  amara: { id: 'amara', name: 'Amara Okafor', title: 'Insights lead', role: 'LEAD' },
  jun: { id: 'jun', name: 'Jun Park', title: 'Platform lead', role: 'LEAD' },
} as const satisfies Record<string, Persona>;

export interface TeamSpec {
  key: string;
  name: string;
  kind: 'PRODUCT' | 'PLATFORM' | 'INFRASTRUCTURE';
  headcount: number;
  lead: PersonaKey;
}

/** The first team is also how a re-run recognises a ledger the seed already filled. */
export const TEAMS: readonly TeamSpec[] = [
  { key: 'checkout', name: 'Checkout', kind: 'PRODUCT', headcount: 8, lead: 'marco' },
  { key: 'insights', name: 'Insights', kind: 'PRODUCT', headcount: 6, lead: 'amara' },
  { key: 'platform', name: 'Platform', kind: 'PLATFORM', headcount: 5, lead: 'jun' },
];
