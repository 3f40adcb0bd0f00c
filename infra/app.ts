import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OrgConfigError } from './org-stack.ts';
import { addOrgStacks } from './orgs.ts';
import { ensureWebBuilt } from '../web/build.ts';

// npx cdk synth -c org=acme  ->  stack DecisionLedger-acme; without -c org, every org listed in cdk.json.
// The function's asset carries the web view: build it when missing or stale (stderr: stdout may be a template).
await ensureWebBuilt((line) => console.error(line));
const app = new App();
try {
  addOrgStacks(app);
} catch (error) {
  if (!(error instanceof OrgConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
