/** Runs jobs with the real engine and collects every event, for tests. */
import { startJob, type RunJobOptions } from '../../main/engine/runJob';
import type { JobDefinition } from '../../main/engine/job';
import type { Ports } from '../../main/engine/ports';
import type { JobEvent, Report } from '../../main/engine/types';
import { createTranslator } from '../../main/i18n/catalogue';
import { nodePorts } from '../../main/platform/nodePorts';

export const t = createTranslator('en');

export function testPorts(overrides: Partial<Ports> = {}): Ports {
  return nodePorts(overrides);
}

export async function runToEnd<S>(
  definition: JobDefinition<S>,
  options: Partial<RunJobOptions> = {},
): Promise<{ report: Report; events: JobEvent[] }> {
  const events: JobEvent[] = [];
  const handle = startJob(definition, {
    lang: 'en',
    t,
    ports: testPorts(),
    tool: { name: 'ngt-prep', version: 'test' },
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  const report = await handle.done;
  return { report, events };
}
