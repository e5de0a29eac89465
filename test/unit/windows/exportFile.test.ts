import { describe, expect, it } from 'vitest';
import { exportWindowsScriptFile } from '../../../main/jobs/windowsExport';
import { loadPowerShellParser, findSyntaxProblems } from '../../support/powershellLint';

describe('exported script file', () => {
  for (const lang of ['en', 'fr', 'ja'] as const) {
    it(`(${lang}) starts with a UTF-8 BOM so Windows PowerShell 5.1 reads it as UTF-8, and parses clean`, async () => {
      const file = await exportWindowsScriptFile(
        { firewallRemoteAddresses: ['192.0.2.10'] },
        true,
        lang,
        new Date('2026-11-22T00:00:00Z'),
      );
      const bytes = Buffer.from(file.content, 'utf8');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(file.fileName).toBe('ngt-prep-winrm-https-golden-image.ps1');
      const parser = await loadPowerShellParser();
      const source = file.content.slice(1);
      expect(findSyntaxProblems(parser.parse(source), source)).toEqual([]);
    });
  }
});
