/**
 * The layer rule in eslint.config.mjs refuses what it should and lets the
 * allowed imports through: the project's own configuration, run by ESLint on
 * source text placed at real paths in the tree (nothing is written).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['main/engine/newThing.ts', "import { t } from '../i18n/catalogue';"],
    ['main/engine/newThing.ts', "import type { Report } from '../report/report';"],
    ['main/engine/newThing.ts', "import { app } from 'electron';"],
    ['main/linux/newStep.ts', "import type { LinuxInstallParams } from '../ipc/contract';"],
    ['main/windows/probe/newLayer.ts', "import { createJobDefinition } from '../../jobs/registry';"],
    ['main/doctor/newCheck.ts', "import { AppService } from '../app/appService';"],
    ['main/cluster/ncli/newParser.ts', "import { runCli } from '../../cli/run';"],
    ['main/fleet/newInventory.ts', "import { startWebHost } from '../webhost/server';"],
    ['main/ngt/newFact.ts', "import { AppService } from '../app/appService';"],
    ['main/ngt/newFact.ts', "import { interpretCheck } from '../windows/checkInterpretation';"],
    ['renderer/src/pages/NewPage.tsx', "import { createJobDefinition } from '../../../main/jobs/registry';"],
    ['renderer/src/pages/NewPage.tsx', "import { startJob } from '../../../main/engine/runJob';"],
    ['renderer/src/pages/NewPage.tsx', "import { applyOptionsSchema } from '../../../main/windows/applyOptions';"],
    ['renderer/src/pages/NewPage.tsx', "import { readFile } from 'node:fs/promises';"],
    ['preload/extra.ts', "import { invokeSchemas } from '../main/ipc/contract';"],
    ['renderer/src/components/NewPanel.tsx', "import { useApi } from '../api/apiContext';"],
    ['renderer/src/components/linux/NewCard.tsx', "import { useApi } from '../../api/apiContext';"],
    ['renderer/src/components/NewPanel.tsx', "import { startJob } from '../../../main/engine/runJob';"],
  ])('%s refuses %s', async (filePath, source) => {
    expect(await boundaryErrors(filePath, `${source}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['main/engine/newThing.ts', "import { NgtError } from './errors';"],
    ['main/linux/newStep.ts', "import type { Ports } from '../engine/ports';"],
    ['main/linux/newStep.ts', "import type { LinuxInstallParams } from './installParams';"],
    ['main/cluster/newCheck.ts', "import { probeNetwork } from '../windows/probe/probeNetwork';"],
    ['main/windows/checks/newRule.ts', "import { parseNgtConfig } from '../../ngt/ngtConfig';"],
    ['main/linux/newStep.ts', "import { compareNgtVersions } from '../ngt/ngtConfig';"],
    ['renderer/src/pages/NewPage.tsx', "import type { JobEvent } from '../../../main/engine/types';"],
    ['renderer/src/pages/NewPage.tsx', "import { invokeSchemas } from '../../../main/ipc/contract';"],
    ['renderer/src/pages/NewPage.tsx', "import { createInvokers } from '../../../main/ipc/channels';"],
    ['renderer/src/pages/NewPage.tsx', "import { LANGUAGES } from '../../../main/i18n/catalogue';"],
    ['renderer/src/pages/NewPage.tsx', "import { useState } from 'react';"],
    ['preload/extra.ts', "import { createInvokers } from '../main/ipc/channels';"],
    ['renderer/src/components/NewPanel.tsx', "import { useJob } from '../state/useJob';"],
    ['renderer/src/components/NewPanel.tsx', "import type { IpcError } from '../../../main/ipc/contract';"],
    ['renderer/src/state/useNewThing.ts', "import { useApi } from '../api/apiContext';"],
  ])('%s allows %s', async (filePath, source) => {
    expect(await boundaryErrors(filePath, `${source}\nexport {};\n`)).toEqual([]);
  });
});
