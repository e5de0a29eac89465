#!/usr/bin/env node
// The product's own TypeScript, for the Pester suite: reads JSON on stdin, prints JSON.
//   plan-rollback   { check }                       -> the rollback plan (rollbackPlan.ts)
//   build-export    { options, goldenImage, out }   -> writes the exported script (exportScript.ts)
//   validate        { script, output }              -> validates with the schema windowsJobs.ts uses
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const jiti = createJiti(import.meta.url);
const load = (file) => jiti.import(path.join(root, file));
const input = JSON.parse(readFileSync(0, 'utf8') || '{}');
const command = process.argv[2];

const contracts = await load('main/windows/scriptOutputs.ts');
if (command === 'plan-rollback') {
  const { parseApplyRecords, planRollback } = await load('main/windows/rollbackPlan.ts');
  const { records, unreadable } = parseApplyRecords(input.check.applyRecords ?? []);
  if (unreadable.length) throw new Error(`unreadable apply records: ${JSON.stringify(unreadable)}`);
  process.stdout.write(JSON.stringify(planRollback(records, input.check.firstBoot ?? null)));
} else if (command === 'build-export') {
  const { buildExportScript } = await load('main/windows/exportScript.ts');
  const { applyOptionsSchema } = await load('main/windows/applyOptions.ts');
  const options = applyOptionsSchema.parse(input.options ?? {});
  const script = buildExportScript(options, {
    goldenImage: Boolean(input.goldenImage),
    scriptsDir: path.join(root, 'assets/windows'),
  });
  writeFileSync(input.out, script);
  process.stdout.write(JSON.stringify({ path: input.out }));
} else if (command === 'validate') {
  const schemas = {
    'Get-NgtPrepState': contracts.checkResultSchema,
    'Set-NgtPrepWinRm': contracts.applyResultSchema,
    'Test-NgtPrepWinRm': contracts.verifyResultSchema,
    'Undo-NgtPrepWinRm': contracts.undoResultSchema,
  };
  // One entry or a list of them (one node start for many outputs).
  const validate = ({ script, output }) => {
    const schema = output?.ok === false ? contracts.scriptErrorSchema : schemas[script];
    if (!schema) return { script, ok: false, issues: [`no schema for ${script}`] };
    const result = schema.safeParse(output);
    return {
      script,
      ok: result.success,
      issues: result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    };
  };
  process.stdout.write(JSON.stringify(Array.isArray(input) ? input.map(validate) : validate(input)));
} else {
  console.error('usage: product.mjs plan-rollback|build-export|validate < input.json');
  process.exit(2);
}
