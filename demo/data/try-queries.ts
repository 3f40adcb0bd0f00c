/** What to look at: the queries the README and the seed's summary suggest. */

export const TRY_QUERIES: readonly { title: string; query: string }[] = [
  {
    title: 'Why is the priority list the way it is? Every change with its reason, who, and the evidence',
    query: `{
  priorities {
    version
    entries { rank initiative { title kind owner status } score { score } }
  }
  priorityChanges(last: 10) {
    edges {
      node {
        kind fromRank toRank reason recordedAt
        actor { name }
        initiative { title }
        evidence {
          __typename
          ... on Decision { title chosenOption }
          ... on Tradeoff { title chose over }
          ... on KeyResultCheckIn { reportedFor value status note keyResult { title unit } }
          ... on AllocationReport { week driftFlagged team { name } }
        }
      }
    }
  }
}`,
  },
  {
    title: 'OKRs in progress, with progress from the weekly check-ins, and what is at risk',
    query: `{
  objectives(status: ACTIVE) {
    edges {
      node {
        cycle title level progress ownerTeam { name } alignedTo { ... on Objective { title } }
        keyResults {
          title kind progress status target unit
          latestCheckIn { reportedFor value confidence note }
          checkIns { reportedFor value status }
        }
      }
    }
  }
  atRiskKeyResults { status keyResult { title } team { name } checkIn { reportedFor value confidence note } }
}`,
  },
  {
    title: "Where Checkout's time went, week by week, and the drift against its target",
    query: `{
  allocationReports(team: "checkout", first: 30) {
    edges {
      node {
        week driftFlagged corrections
        splits { elective nonElective innovation tuneUp }
        drift { category { key } target actual drift outside }
        target { reason decision { title } }
      }
    }
  }
  teams { edges { node { key name kind headcount headcountHistory { fromWeek headcount } } } }
}`,
  },
  {
    title: 'The org’s own model: its cycles, taxonomy version 2 with KTLO / new work / tech debt, links to the tracker',
    query: `{
  cycles { cycles { key cadence start end } }
  objectives(status: ACTIVE) { edges { node { cycle title keyResults { checkIns { reportedFor links { kind url } } } } } }
  allocationTaxonomy { version effectiveFrom breakdowns { key builtIn groups { key categories } } }
  allocationReports(team: "checkout", first: 30) {
    edges { node { week taxonomyVersion breakdown(key: "work-type") { groups { group { key } percent } } } }
  }
  decisions(first: 20) { edges { node { title links { kind url } } } }
  initiatives(first: 20) { edges { node { title links { kind url } } } }
}`,
  },
  {
    title: 'Decisions and tradeoffs: what was chosen over what, and what is due for a second look',
    query: `{
  decisions(first: 20) {
    edges { node { title status owner chosenOption recordedBy { name } supersededBy { title } } }
  }
  tradeoffs(first: 20) {
    edges {
      node {
        title chose over status revisitBy
        relatedTo {
          __typename
          ... on Decision { title }
          ... on Initiative { title }
          ... on KeyResult { title }
          ... on AllocationTarget { fromWeek team { name } }
        }
        revisits { outcome reason revisitedBy { name } }
      }
    }
  }
  tradeoffsDueForRevisit { title revisitBy }
}`,
  },
  {
    title: "One initiative's story, and the end of the audit trail",
    query: `{
  initiatives(first: 10) {
    edges {
      node {
        title status rank
        scores { score customerImpact businessImpact operationalEfficiency effort confidence reason }
        why { kind fromRank toRank reason actor { name } }
      }
    }
  }
  auditTrail(last: 5) {
    totalCount
    edges { node { position type subjectKind actor { name } recordedAt reason idempotencyKey hash } }
  }
}`,
  },
  {
    title: 'People, the cadence, the alert rules, and the alerts the quarter raised and resolved (who was warned, when, and why it cleared)',
    query: `{
  people(first: 20) { edges { node { subject name teams { key } } } }
  cadence { timeZone reportDeadline { weekday time } }
  checkout: team(key: "checkout") { members(includePast: true) { edges { node { person { name } since until reason } } } }
  alertRules { edges { node { name kind team { key } threshold category { key } tolerance weeks owner { name } } } }
  alerts(first: 50) {
    totalCount
    edges {
      node {
        kind status summary raisedAt resolvedAt resolution note
        acknowledgedBy { name }
        evidence { kind id summary }
        resolvedBy { kind id summary }
        recipients { name email }
      }
    }
  }
}`,
  },
];
