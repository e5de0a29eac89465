/**
 * The app's Prism Central options for a fleet whose hosts come from Prism
 * Central (main/jobs/registry.ts gives the real ones): a trust file of its
 * own on each call, so every job starts with a first-seen certificate, and
 * nothing accepted without the question.
 */
import { join } from 'node:path';

import { TrustStore } from '../../main/cluster/prismCentral/trustStore';
import type { Translate } from '../../main/engine/job';
import type { FleetPrismCentralDeps } from '../../main/fleet/fleetPrismCentralSource';

let made = 0;

export function fleetPrismCentralDeps(dir: string, t: Translate): FleetPrismCentralDeps {
  made += 1;
  const trustFile = join(dir, `trust-${process.pid}-${made}.json`);
  return {
    trustFile,
    connect: (account) => ({
      endpoint: { host: account.host, port: account.port },
      username: account.username,
      password: () => account.password,
      trustStore: new TrustStore(trustFile, t),
      acceptNew: false,
    }),
  };
}
