/** The mutations the seed sends. */

/** Each mutation's record field and what the seed reads back from it. */
export const RETURNS = {
  defineTeam: ['team', 'id version'],
  reviseTeam: ['team', 'id version'],
  recordDecision: ['decision', 'id version'],
  supersedeDecision: ['decision', 'id version'],
  setAllocationTarget: ['target', 'id version'],
  reportAllocation: ['report', 'id version'],
  setObjective: ['objective', 'id version'],
  closeObjective: ['objective', 'id version'],
  defineKeyResult: ['keyResult', 'id version'],
  reviseKeyResultTarget: ['keyResult', 'id version'],
  gradeKeyResult: ['keyResult', 'id version'],
  checkInKeyResult: ['keyResult', 'id version progress } checkIn { id'],
  createInitiative: ['initiative', 'id version'],
  scoreInitiative: ['initiative', 'id version'],
  changeInitiativeStatus: ['initiative', 'id version'],
  noteTradeoff: ['tradeoff', 'id version'],
  revisitTradeoff: ['tradeoff', 'id version'],
  reprioritize: ['priorities', 'version'],
  removeFromPriorities: ['priorities', 'version'],
  defineCycles: ['cycles', 'id version'],
  defineAllocationTaxonomy: ['taxonomies', 'id version'],
} as const;

export type Mutation = keyof typeof RETURNS;

/** How the summary counts each mutation (corrections apart), in the order it prints them. */
export const LABELS = {
  defineTeam: 'teams',
  reviseTeam: 'headcount changes',
  recordDecision: 'decisions',
  supersedeDecision: 'decisions superseded',
  setObjective: 'objectives',
  defineKeyResult: 'key results',
  checkInKeyResult: 'check-ins',
  correctCheckIn: 'check-in corrections',
  reviseKeyResultTarget: 'key result targets revised',
  gradeKeyResult: 'key results graded',
  closeObjective: 'objectives closed',
  setAllocationTarget: 'allocation targets',
  reportAllocation: 'allocation reports',
  correctAllocation: 'allocation corrections',
  noteTradeoff: 'tradeoffs',
  revisitTradeoff: 'tradeoff revisits',
  createInitiative: 'initiatives',
  scoreInitiative: 'initiative scorings',
  changeInitiativeStatus: 'initiative status changes',
  reprioritize: 'priority changes',
  removeFromPriorities: 'priority changes',
  defineCycles: 'cycle definitions',
  defineAllocationTaxonomy: 'taxonomy versions',
} as const satisfies Record<Mutation | 'correctCheckIn' | 'correctAllocation', string>;
