/**
 * The fleet board's own channels: check an inventory before anything runs,
 * cancel one host of a running fleet, save the fleet report. The fleet job
 * itself starts through 'job:start' like every other.
 */
import type { Ports } from '../engine/ports';
import { createTranslator, type Language } from '../i18n/catalogue';
import type { Handlers } from '../ipc/dispatcher';
import { checkFleetInventory } from '../fleet/fleetBoardInventory';
import type { FleetSessions } from '../fleet/fleetJob';
import { defaultKnownHostsPath } from '../linux/ssh/hostKeyPolicy';

export function fleetBoardHandlers(
  sessions: FleetSessions,
  deps: { ports: Ports; language: () => Promise<Language> },
): Pick<Handlers, 'fleet:check' | 'fleet:cancel-host' | 'fleet:export'> {
  const { ports } = deps;
  return {
    'fleet:check': async (request) =>
      checkFleetInventory(request, {
        t: createTranslator(await deps.language()),
        environment: ports.environment,
        readFile: (p) => ports.fs.readFile(p),
        knownHostsPath: defaultKnownHostsPath(ports.environment.homedir),
      }),
    'fleet:cancel-host': async ({ jobId, host }) => ({ cancelled: sessions.cancelHost(jobId, host) }),
    'fleet:export': async ({ jobId, format }) =>
      sessions.exportReport(jobId, format, createTranslator(await deps.language())),
  };
}
