import { parseArgs } from 'node:util';
import { devKeyFile, loadOrCreateDevKey } from '../auth/dev-key.ts';
import { mintToken } from '../auth/mint-token.ts';
import { ROLES, type Role } from '../auth/permissions.ts';

const USAGE = `Usage: npm run token -- --role <ROLE> --sub <id> [--role <ROLE> ...] [--name "Full Name"] [--kind HUMAN|SERVICE] [--ttl 12h]

Prints a development token signed with the key in $DATA_DIR/dev-jwk.json (default .data), which
\`npm start\` accepts. Roles: ${ROLES.join(', ')}. The token's org is $ORG (default local).
Send it as a header:  Authorization: Bearer <token>`;

/** `npm run token`: a bearer token for the local server (never accepted by a production config). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', default: 'HUMAN' },
      ttl: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const roles = values.role.map((role) => role.toUpperCase());
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  const problem =
    (!values.sub && 'Give the subject: --sub <id>') ||
    (roles.length === 0 && 'Give at least one role: --role <ROLE>') ||
    (unknown.length > 0 && `Unknown role ${unknown.join(', ')}`) ||
    (values.kind !== 'HUMAN' && values.kind !== 'SERVICE' && '--kind must be HUMAN or SERVICE');
  if (problem) {
    console.error(`${problem}\n\n${USAGE}`);
    process.exit(1);
  }
  const key = await loadOrCreateDevKey(devKeyFile(process.env.DATA_DIR || '.data'));
  const token = await mintToken(key, {
    sub: values.sub!,
    roles: roles as Role[],
    org: process.env.ORG || 'local',
    name: values.name,
    kind: values.kind as 'HUMAN' | 'SERVICE',
    expiresIn: values.ttl,
  });
  console.log(token);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
