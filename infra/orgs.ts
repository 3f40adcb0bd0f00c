import type { App } from 'aws-cdk-lib';
import { OrgConfigError, OrgStack, stackNameFor, validateOrgName, type OrgSettings } from './org-stack.ts';

/** One entry of the `orgs` context list in cdk.json: a name, or a name with its settings. */
export type OrgEntry = string | ({ org: string } & OrgSettings);

/**
 * The organisations to synthesize: `-c org=<name>` picks one (with its settings when it is also
 * listed in `orgs`), otherwise every entry of the `orgs` context list.
 */
export function orgsFromContext(context: { org?: unknown; orgs?: unknown }): ({ org: string } & OrgSettings)[] {
  const listed = context.orgs ?? [];
  if (!Array.isArray(listed)) {
    throw new OrgConfigError('cdk.json context "orgs" must be a list of organisation names or { "org": "<name>", ... } objects.');
  }
  const entries = (listed as OrgEntry[]).map((entry) => {
    const settings = typeof entry === 'string' ? { org: entry } : entry;
    return { ...settings, org: validateOrgName(settings?.org) };
  });
  const names = entries.map((entry) => entry.org);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new OrgConfigError(`Organisation "${duplicate}" is listed twice in cdk.json context "orgs".`);

  if (context.org !== undefined) {
    const org = validateOrgName(context.org);
    return [entries.find((entry) => entry.org === org) ?? { org }];
  }
  if (entries.length === 0) {
    throw new OrgConfigError('No organisation to deploy: pass -c org=<name>, or list organisations in cdk.json under context "orgs".');
  }
  return entries;
}

/** Adds one `DecisionLedger-<org>` stack per organisation selected by the app's context. */
export function addOrgStacks(app: App): OrgStack[] {
  const orgs = orgsFromContext({ org: app.node.tryGetContext('org'), orgs: app.node.tryGetContext('orgs') });
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  return orgs.map((settings) => new OrgStack(app, stackNameFor(settings.org), { env, ...settings }));
}
