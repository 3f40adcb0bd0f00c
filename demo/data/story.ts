/**
 * The demo quarter `npm run seed` writes: three teams of one organisation living the seeds' playbook
 * (weekly allocation surveys on Dropbox's elective / non-elective split, innovation vs tune-up,
 * weekly OKR check-ins on business outcomes, tradeoffs made in the open, priorities that change
 * for a stated reason). Pure data (this folder): demo/seeder.ts turns it into GraphQL mutations.
 *
 * Time is relative. "previous" is the last full quarter before the seed first ran, told week by
 * week; "current" is the quarter in progress, planned at its start and checked in on every week
 * that has ended. Weeks are numbered 1..n inside their quarter (ISO weeks whose Thursday falls in
 * it, 13 or 14); week 0 is the planning before the first one. A value curve maps the fraction of
 * the quarter elapsed (0..1) to a value, interpolated linearly between its points.
 *
 * Records refer to each other by refs: `decision:<key>`, `tradeoff:<key>`, `initiative:<key>`,
 * `kr:<key>`, `objective:<key>`, `target:<key>`, `checkin:<kr key>:<week>` and
 * `report:<team>:<quarter>:<week>`.
 */
import type { PersonaKey, QuarterKey, Ref } from './people.ts';

// The story: decisions, targets, initiatives, tradeoffs and priority changes, week by week.


/** A business date: the Friday of a week of a quarter, or the quarter's last day. */
export type DateRef = { quarter: QuarterKey; week: number | 'end' };

export interface DecisionContent {
  title: string;
  context: string;
  options: { title: string; pros?: string[]; cons?: string[] }[];
  chosenOption: string;
  rationale: string;
  consequences: string;
  tags: string[];
  /** Where the work lives: the tracker issue or pull request behind the decision. */
  links?: { url: string; title: string }[];
}

export interface ScoreInputs {
  customerImpact: number;
  businessImpact: number;
  operationalEfficiency: number;
  effort: number;
  confidence: number;
}

export type Step = { by: PersonaKey } & (
  | { do: 'recordDecision'; key: string; owner: string; input: DecisionContent }
  | { do: 'supersedeDecision'; decision: Ref; supersededBy: Ref; reason: string }
  | { do: 'setAllocationTarget'; key: string; team: string | null; decision: Ref; reason: string; entries: { category: string; percent: number; tolerance: number }[] }
  | {
      do: 'createInitiative';
      key: string;
      title: string;
      description: string;
      owner: string;
      kind: 'INNOVATION' | 'TUNE_UP';
      status: 'PROPOSED' | 'ACTIVE';
      score: ScoreInputs;
      reason: string;
      links?: { url: string; title: string }[];
    }
  | { do: 'scoreInitiative'; initiative: Ref; score: ScoreInputs; reason: string }
  | { do: 'changeInitiativeStatus'; initiative: Ref; status: 'ACTIVE' | 'DONE' | 'DROPPED'; reason: string }
  | { do: 'reprioritize'; initiative: Ref; toRank: number; reason: string; evidence: Ref[] }
  | { do: 'removeFromPriorities'; initiative: Ref; reason: string; evidence: Ref[] }
  | { do: 'noteTradeoff'; key: string; title: string; chose: string; over: string; rationale: string; relatedTo: Ref[]; revisitBy: DateRef }
  | { do: 'revisitTradeoff'; tradeoff: Ref; outcome: 'UPHELD' | 'REVERSED'; reason: string }
  | { do: 'reviseTeam'; team: string; headcount: number; reason: string }
  | { do: 'reviseKeyResultTarget'; keyResult: Ref; target: number; decision: Ref; reason: string }
);

/** Steps after a week's check-ins and reports (week 0: planning, before the first week; 'end': after the last). */
export interface Chapter {
  week: number | 'end';
  steps: readonly Step[];
}

const weeklyAllocation: DecisionContent = {
  title: 'Track where engineering time goes, every week',
  context:
    'The business asks why we are not moving faster; we cannot say how much time goes to new features, existing features or fires. Jira tickets are not categorised consistently.',
  options: [
    {
      title: 'Weekly allocation survey per team',
      pros: ['Five minutes per lead', "Dropbox's elective vs non-elective split", 'Shows innovation vs tune-up'],
      cons: ['Self-reported'],
    },
    { title: 'Derive it from Jira tickets', pros: ['No extra step'], cons: ['Tickets are not categorised', 'Misses incidents and support'] },
  ],
  chosenOption: 'Weekly allocation survey per team',
  rationale: 'It moves the conversation from velocity to investment: how much should go to new things versus existing things.',
  consequences: 'Every lead reports last week by Monday; per-team targets make drift visible within a week.',
  tags: ['allocation', 'operating-cadence'],
  links: [{ url: 'https://acme.atlassian.net/browse/ENG-101', title: 'ENG-101 Weekly allocation survey' }],
};

const weeklyOkrs: DecisionContent = {
  title: 'Check in on OKRs weekly, measured on business outcomes',
  context: 'Quarterly OKR reviews found problems too late to act on them, and measured delivery instead of results.',
  options: [
    { title: 'Weekly check-ins on outcome metrics', pros: ['Course-correct within the quarter', 'Shared by product and engineering'], cons: ['A few minutes per key result every week'] },
    { title: 'Quarterly review only', pros: ['Less overhead'], cons: ['Surprises at the end of the quarter'] },
  ],
  chosenOption: 'Weekly check-ins on outcome metrics',
  rationale: 'Key results track revenue and usage, not features shipped; a weekly value and confidence show every week whether we are getting closer.',
  consequences: 'Key result owners check in every Friday; status follows progress against time elapsed.',
  tags: ['okrs', 'operating-cadence'],
  links: [{ url: 'https://github.com/acme/handbook/pull/31', title: 'Handbook: weekly OKR check-ins' }],
};

export const STORY: Record<QuarterKey, readonly Chapter[]> = {
  previous: [
    {
      week: 0,
      steps: [
        { do: 'recordDecision', by: 'priya', key: 'weekly-allocation', owner: 'Priya Raman', input: weeklyAllocation },
        { do: 'recordDecision', by: 'priya', key: 'weekly-okrs', owner: 'Priya Raman', input: weeklyOkrs },
        {
          do: 'setAllocationTarget',
          by: 'priya',
          key: 'org',
          team: null,
          decision: 'decision:weekly-allocation',
          reason: 'Org-wide: at least a third of the time on new features and a tenth on tech debt.',
          entries: [
            { category: 'new-features', percent: 35, tolerance: 10 },
            { category: 'existing-features', percent: 20, tolerance: 10 },
            { category: 'tech-debt', percent: 10, tolerance: 5 },
            { category: 'incidents', percent: 5, tolerance: 5 },
          ],
        },
        {
          do: 'setAllocationTarget',
          by: 'marco',
          key: 'checkout',
          team: 'checkout',
          decision: 'decision:weekly-allocation',
          reason: 'Checkout ships one-click this quarter: most of the time on new features, incidents kept small.',
          entries: [
            { category: 'new-features', percent: 40, tolerance: 8 },
            { category: 'existing-features', percent: 20, tolerance: 8 },
            { category: 'tech-debt', percent: 10, tolerance: 5 },
            { category: 'incidents', percent: 5, tolerance: 5 },
          ],
        },
        {
          do: 'setAllocationTarget',
          by: 'amara',
          key: 'insights',
          team: 'insights',
          decision: 'decision:weekly-allocation',
          reason: 'A new product: half the time on new features, support capped while we learn.',
          entries: [
            { category: 'new-features', percent: 50, tolerance: 10 },
            { category: 'support', percent: 10, tolerance: 5 },
            { category: 'tech-debt', percent: 10, tolerance: 5 },
          ],
        },
        {
          do: 'setAllocationTarget',
          by: 'jun',
          key: 'platform',
          team: 'platform',
          decision: 'decision:weekly-allocation',
          reason: 'Platform builds what product teams build on; keeping the lights on should stay near a tenth.',
          entries: [
            { category: 'platform', percent: 35, tolerance: 10 },
            { category: 'productivity', percent: 20, tolerance: 8 },
            { category: 'reliability', percent: 15, tolerance: 5 },
            { category: 'keep-the-lights-on', percent: 10, tolerance: 5 },
          ],
        },
        {
          do: 'createInitiative',
          by: 'marco',
          key: 'one-click',
          title: 'One-click checkout',
          description: 'Returning buyers pay with one click: stored payment method, no address form.',
          owner: 'Checkout',
          kind: 'INNOVATION',
          status: 'ACTIVE',
          score: { customerImpact: 5, businessImpact: 4, operationalEfficiency: 1, effort: 12, confidence: 0.7 },
          reason: 'Quarter planning',
          links: [{ url: 'https://acme.atlassian.net/browse/CHK-120', title: 'CHK-120 One-click checkout epic' }],
        },
        {
          do: 'createInitiative',
          by: 'marco',
          key: 'retries',
          title: 'Payment retry hardening',
          description: 'Idempotent payment calls and retries with backoff when the provider times out.',
          owner: 'Checkout',
          kind: 'TUNE_UP',
          status: 'PROPOSED',
          score: { customerImpact: 3, businessImpact: 3, operationalEfficiency: 2, effort: 6, confidence: 0.6 },
          reason: 'Quarter planning',
        },
        {
          do: 'createInitiative',
          by: 'amara',
          key: 'panel',
          title: 'In-app insights panel',
          description: 'Insights about a customer’s pipeline, shown where they work.',
          owner: 'Insights',
          kind: 'INNOVATION',
          status: 'PROPOSED',
          score: { customerImpact: 4, businessImpact: 4, operationalEfficiency: 1, effort: 10, confidence: 0.6 },
          reason: 'Quarter planning',
        },
        {
          do: 'createInitiative',
          by: 'amara',
          key: 'digest',
          title: 'Insights email digest',
          description: 'The same insights sent weekly by email, to measure demand before building the panel.',
          owner: 'Insights',
          kind: 'INNOVATION',
          status: 'PROPOSED',
          score: { customerImpact: 3, businessImpact: 3, operationalEfficiency: 2, effort: 2, confidence: 0.5 },
          reason: 'Quarter planning',
        },
        {
          do: 'createInitiative',
          by: 'jun',
          key: 'fast-deploys',
          title: 'Deploys in under an hour',
          description: 'Parallel CI, preview environments and automated rollbacks.',
          owner: 'Platform',
          kind: 'TUNE_UP',
          status: 'ACTIVE',
          score: { customerImpact: 2, businessImpact: 3, operationalEfficiency: 5, effort: 8, confidence: 0.8 },
          reason: 'Quarter planning',
          links: [{ url: 'https://github.com/acme/platform/issues/88', title: 'Deploy pipeline: parallel CI and preview environments' }],
        },
        {
          do: 'createInitiative',
          by: 'jun',
          key: 'payments-sdk',
          title: 'Shared payments SDK',
          description: 'One library for every payment flow: retries, idempotency keys, provider failover.',
          owner: 'Platform',
          kind: 'TUNE_UP',
          status: 'PROPOSED',
          score: { customerImpact: 3, businessImpact: 4, operationalEfficiency: 4, effort: 10, confidence: 0.7 },
          reason: 'Quarter planning',
        },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:one-click', toRank: 1, reason: 'Quarter planning: the biggest lever on conversion and revenue.', evidence: ['decision:weekly-okrs'] },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:panel', toRank: 2, reason: 'Quarter planning: the new insights product.', evidence: ['decision:weekly-okrs'] },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:fast-deploys', toRank: 3, reason: 'Quarter planning: tune-up that speeds up every team.', evidence: [] },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:payments-sdk', toRank: 4, reason: 'Quarter planning.', evidence: [] },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:retries', toRank: 5, reason: 'Quarter planning: failures are tolerable at 3.2%.', evidence: [] },
      ],
    },
    {
      week: 2,
      steps: [
        {
          do: 'recordDecision',
          by: 'amara',
          key: 'panel-first',
          owner: 'Amara Okafor',
          input: {
            title: 'Build insights as an in-app panel',
            context: 'Sales promised insights to three large accounts; the design is ready.',
            options: [
              { title: 'In-app panel', pros: ['Where customers work'], cons: ['Six weeks before anyone sees an insight'] },
              { title: 'Weekly email digest', pros: ['Two weeks to build'], cons: ['Easy to ignore'] },
            ],
            chosenOption: 'In-app panel',
            rationale: 'The panel is the product we want to sell.',
            consequences: 'Most of Insights works on the panel this quarter.',
            tags: ['insights'],
          },
        },
      ],
    },
    {
      week: 3,
      steps: [
        {
          do: 'recordDecision',
          by: 'amara',
          key: 'email-first',
          owner: 'Amara Okafor',
          input: {
            title: 'Validate insights by email before building them in the app',
            context: 'Six weeks of panel work before we learn whether anyone reads an insight. Vertical iterations: ship the smallest thing that measures the outcome.',
            options: [
              { title: 'Email digest experiment', pros: ['Measurable in two weeks (click-through)', 'Reuses the insight pipeline'], cons: ['Not the final product'] },
              { title: 'In-app panel now', pros: ['No throwaway work'], cons: ['Six weeks of risk'] },
            ],
            chosenOption: 'Email digest experiment',
            rationale: 'Click-through on emailed insights tells us which insights matter before we build any of them in the app.',
            consequences: 'The panel waits for the results; the digest goes to 300 accounts in week 4.',
            tags: ['insights', 'experiment'],
          },
        },
        { do: 'supersedeDecision', by: 'amara', decision: 'decision:panel-first', supersededBy: 'decision:email-first', reason: 'Six weeks of building before we know anyone wants it; an email test answers in two.' },
        {
          do: 'noteTradeoff',
          by: 'amara',
          key: 'email-first',
          title: 'Email experiment before the in-app panel',
          chose: 'A two-week email digest experiment to measure demand',
          over: 'Starting the six-week in-app insights panel now',
          rationale: 'Three accounts wait longer for the panel, but we only build the insights people click.',
          relatedTo: ['decision:email-first', 'kr:email-ctr', 'initiative:panel'],
          revisitBy: { quarter: 'previous', week: 'end' },
        },
        { do: 'changeInitiativeStatus', by: 'amara', initiative: 'initiative:digest', status: 'ACTIVE', reason: 'Two-week experiment starts: first digest in week 4.' },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:digest', toRank: 2, reason: 'Test demand by email before building the panel.', evidence: ['decision:email-first', 'tradeoff:email-first'] },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:panel', toRank: 5, reason: 'The panel waits for the email results.', evidence: ['tradeoff:email-first'] },
      ],
    },
    {
      week: 6,
      steps: [
        {
          do: 'recordDecision',
          by: 'marco',
          key: 'pause-one-click',
          owner: 'Marco Ruiz',
          input: {
            title: 'Pause the one-click rollout until payment retries are hardened',
            context: 'Three payment-provider outages in two weeks. Failures reached 3.7% and incidents took a quarter of the team’s week.',
            options: [
              { title: 'Pause one-click, harden retries', pros: ['Stops the bleeding on every payment'], cons: ['One-click slips'] },
              { title: 'Keep rolling out one-click', pros: ['Launch date holds'], cons: ['More traffic on a flaky payment path'] },
            ],
            chosenOption: 'Pause one-click, harden retries',
            rationale: 'A failed payment costs more than a missing feature; one-click on a flaky path multiplies the failures.',
            consequences: 'One-click stays at 20% of merchants; two engineers on retries for about two weeks.',
            tags: ['checkout', 'reliability'],
          },
        },
        {
          do: 'noteTradeoff',
          by: 'marco',
          key: 'reliability-first',
          title: 'Payment reliability over the one-click launch date',
          chose: 'Two weeks of payment retry hardening',
          over: 'Shipping one-click checkout to all merchants this quarter',
          rationale: 'Brand trust and revenue lost to failed payments outweigh the conversion gain one-click would bring this quarter.',
          relatedTo: ['decision:pause-one-click', 'kr:failures', 'kr:one-click', 'initiative:one-click', 'target:checkout'],
          revisitBy: { quarter: 'previous', week: 12 },
        },
        { do: 'changeInitiativeStatus', by: 'marco', initiative: 'initiative:retries', status: 'ACTIVE', reason: 'Staffed after the outages.' },
        {
          do: 'scoreInitiative',
          by: 'marco',
          initiative: 'initiative:retries',
          score: { customerImpact: 5, businessImpact: 5, operationalEfficiency: 3, effort: 4, confidence: 0.9 },
          reason: 'Rescored after three outages: every failed payment is lost revenue.',
        },
        {
          do: 'reprioritize',
          by: 'priya',
          initiative: 'initiative:retries',
          toRank: 1,
          reason: 'Three payment-provider outages in two weeks: failures at 3.7% and a quarter of Checkout’s week on incidents.',
          evidence: ['report:checkout:previous:6', 'checkin:failures:6', 'checkin:conversion:6', 'decision:pause-one-click', 'tradeoff:reliability-first'],
        },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:one-click', toRank: 4, reason: 'Paused until retries are hardened.', evidence: ['decision:pause-one-click', 'tradeoff:reliability-first'] },
      ],
    },
    {
      week: 7,
      steps: [
        {
          do: 'recordDecision',
          by: 'priya',
          key: 'staff-platform',
          owner: 'Priya Raman',
          input: {
            title: 'Move two engineers from Checkout to Platform for the shared payments SDK',
            context: 'Every payment flow reimplements retries; the outages showed it. Platform has five people for three product teams.',
            options: [
              { title: 'Move two Checkout engineers to Platform', pros: ['Retry logic built once for every flow'], cons: ['Checkout has fewer hands for one-click'] },
              { title: 'Hire two platform engineers', pros: ['Checkout keeps its people'], cons: ['Three months before they are productive'] },
            ],
            chosenOption: 'Move two Checkout engineers to Platform',
            rationale: 'As product teams multiply, horizontal teams lay the foundation they reuse; the payments SDK is that foundation.',
            consequences: 'Checkout goes from 8 to 6, Platform from 5 to 7, from this week.',
            tags: ['staffing', 'platform'],
          },
        },
        { do: 'reviseTeam', by: 'priya', team: 'checkout', headcount: 6, reason: 'Two engineers moved to Platform for the shared payments SDK.' },
        { do: 'reviseTeam', by: 'priya', team: 'platform', headcount: 7, reason: 'Two engineers joined from Checkout for the shared payments SDK.' },
        {
          do: 'noteTradeoff',
          by: 'priya',
          key: 'platform-staffing',
          title: 'Platform staffing over Checkout headcount',
          chose: 'Two Checkout engineers join Platform to build the shared payments SDK',
          over: 'Keeping Checkout at eight people for one-click',
          rationale: 'A shared SDK fixes retries for every payment flow at once; one-click waits for it anyway.',
          relatedTo: ['decision:staff-platform', 'initiative:payments-sdk', 'kr:sdk-adopted'],
          revisitBy: { quarter: 'current', week: 'end' },
        },
        { do: 'changeInitiativeStatus', by: 'jun', initiative: 'initiative:payments-sdk', status: 'ACTIVE', reason: 'Staffed with the two engineers from Checkout.' },
        {
          do: 'reprioritize',
          by: 'priya',
          initiative: 'initiative:payments-sdk',
          toRank: 2,
          reason: 'Two engineers moved to Platform: the SDK carries the retry logic for every payment flow.',
          evidence: ['decision:staff-platform', 'tradeoff:platform-staffing'],
        },
      ],
    },
    {
      week: 8,
      steps: [
        {
          do: 'reviseKeyResultTarget',
          by: 'amara',
          keyResult: 'kr:wau',
          target: 2000,
          decision: 'decision:email-first',
          reason: 'The email digest drove adoption faster than planned: 1,500 would be sandbagging.',
        },
        { do: 'reprioritize', by: 'priya', initiative: 'initiative:panel', toRank: 3, reason: '11% click-through on emailed insights: demand is proven.', evidence: ['checkin:email-ctr:8', 'tradeoff:email-first'] },
      ],
    },
    {
      week: 11,
      steps: [
        {
          do: 'removeFromPriorities',
          by: 'priya',
          initiative: 'initiative:retries',
          reason: 'Retries shipped; failures back near 2% and falling.',
          evidence: ['checkin:failures:11', 'tradeoff:reliability-first'],
        },
        { do: 'changeInitiativeStatus', by: 'marco', initiative: 'initiative:retries', status: 'DONE', reason: 'Idempotent retries live for all card payments.' },
      ],
    },
    {
      week: 'end',
      steps: [
        {
          do: 'revisitTradeoff',
          by: 'marco',
          tradeoff: 'tradeoff:reliability-first',
          outcome: 'UPHELD',
          reason: 'Failures at 1.6% from a 3.7% peak; one-click resumes next quarter on the shared SDK.',
        },
      ],
    },
  ],
  current: [
    {
      week: 0,
      steps: [
        {
          do: 'recordDecision',
          by: 'marco',
          key: 'resume-one-click',
          owner: 'Marco Ruiz',
          input: {
            title: 'Resume one-click checkout on the shared payments SDK',
            context: 'Failures are at 1.6% and Checkout takes every payment through the SDK.',
            options: [
              { title: 'Resume the rollout on the SDK', pros: ['Retries and failover for free'], cons: ['SDK is new'] },
              { title: 'Wait another quarter', pros: ['More SDK mileage'], cons: ['Conversion stays flat'] },
            ],
            chosenOption: 'Resume the rollout on the SDK',
            rationale: 'The reason for the pause is gone; the tradeoff was revisited and upheld.',
            consequences: 'Rollout to all merchants by week 10; a standing reliability budget in Checkout’s allocation.',
            tags: ['checkout'],
          },
        },
        {
          do: 'recordDecision',
          by: 'amara',
          key: 'build-panel',
          owner: 'Amara Okafor',
          input: {
            title: 'Build the in-app panel for the three most-clicked insights',
            context: 'The email digest reached 12% click-through; three of twelve insights get 80% of the clicks.',
            options: [
              { title: 'Three insights in the panel', pros: ['Four weeks', 'Backed by click data'], cons: ['Nine insights stay email-only'] },
              { title: 'All twelve insights', pros: ['Complete'], cons: ['Ten weeks'] },
            ],
            chosenOption: 'Three insights in the panel',
            rationale: 'Done is better than perfect: ship what the data says customers use, then iterate.',
            consequences: 'Paid plan launches with three insights in week 5.',
            tags: ['insights'],
          },
        },
        {
          do: 'setAllocationTarget',
          by: 'marco',
          key: 'checkout-next',
          team: 'checkout',
          decision: 'decision:resume-one-click',
          reason: 'One-click launch quarter, with a standing reliability budget after last quarter’s outages.',
          entries: [
            { category: 'new-features', percent: 45, tolerance: 8 },
            { category: 'existing-features', percent: 18, tolerance: 8 },
            { category: 'reliability', percent: 8, tolerance: 4 },
            { category: 'incidents', percent: 5, tolerance: 5 },
          ],
        },
        {
          do: 'noteTradeoff',
          by: 'amara',
          key: 'panel-scope',
          title: 'Three insights in the panel, not twelve',
          chose: 'Ship the three insights customers clicked most',
          over: 'Porting all twelve email insights to the panel',
          rationale: 'Four weeks instead of ten, on the insights with proven demand.',
          relatedTo: ['decision:build-panel', 'initiative:panel', 'kr:paying'],
          revisitBy: { quarter: 'current', week: 6 },
        },
        {
          do: 'reprioritize',
          by: 'priya',
          initiative: 'initiative:one-click',
          toRank: 1,
          reason: 'Retries hardened and the SDK is live: one-click resumes.',
          evidence: ['decision:resume-one-click', 'tradeoff:reliability-first', 'checkin:failures:13'],
        },
        { do: 'changeInitiativeStatus', by: 'amara', initiative: 'initiative:panel', status: 'ACTIVE', reason: 'Building the three most-clicked insights.' },
        {
          do: 'reprioritize',
          by: 'priya',
          initiative: 'initiative:panel',
          toRank: 2,
          reason: 'Demand proven by the email digest; the panel is how insights make money.',
          evidence: ['decision:build-panel', 'checkin:email-ctr:13', 'tradeoff:panel-scope'],
        },
      ],
    },
  ],
};
