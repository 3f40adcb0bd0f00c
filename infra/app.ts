import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OrgConfigError } from './org-stack.ts';
import { addOrgStacks } from './orgs.ts';

// npx cdk synth -c org=acme  ->  stack DecisionLedger-acme; without -c org, every org listed in cdk.json.
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
