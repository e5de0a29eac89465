import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { detectDistributionApi, redHatCondition } from '../../../main/linux/installerFactory/factoryReaders';
import { planInstallerFactoryPatch, type PatchPlan } from '../../../main/linux/installerFactoryPatch';
import { installerFactory as fixture, type InstallerFactoryShape } from '../../fixtures/installer-factory/variants';
import { PYTHON3, skipWithout } from './hostTools';

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
/** The original with `text` inserted as line `lineNumber` (1-based), built independently of the code under test. */
function withInsertedLine(original: string, lineNumber: number, text: string): string {
  const eol = eolOf(original);
  const lines = original.split(eol);
  lines.splice(lineNumber - 1, 0, text);
  return lines.join(eol);
}
function withReplacedLine(original: string, lineNumber: number, text: string): string {
  const eol = eolOf(original);
  const lines = original.split(eol);
  lines[lineNumber - 1] = text;
  return lines.join(eol);
}

function expectPatched(plan: PatchPlan): Extract<PatchPlan, { kind: 'patched' }> {
  if (plan.kind !== 'patched') throw new Error(`expected a patch, got ${JSON.stringify(plan)}`);
  return plan;
}

const CLASSIC_NAMES = ['centos', 'oracle linux server', 'redhatenterpriseserver', 'red hat'];

interface InsertCase {
  fixture: InstallerFactoryShape;
  name: string;
  branchLine: number;
  /** Line number of the new line in the patched file and its exact text. */
  insertAt: number;
  line: string;
  names: string[];
}

const insertCases: InsertCase[] = [
  {
    fixture: 'distro-4space.py',
    name: 'Rocky Linux',
    branchLine: 24,
    insertAt: 25,
    line: '        "rocky linux" in distribution or',
    names: CLASSIC_NAMES,
  },
  {
    fixture: 'platform-4space.py',
    name: 'rocky linux',
    branchLine: 24,
    insertAt: 25,
    line: '        "rocky linux" in distribution or',
    names: CLASSIC_NAMES,
  },
  {
    fixture: 'distro-2space.py',
    name: 'AlmaLinux',
    branchLine: 24,
    insertAt: 25,
    line: '      "almalinux" in distribution or',
    names: CLASSIC_NAMES,
  },
  {
    fixture: 'distro-tabs.py',
    name: 'Rocky Linux',
    branchLine: 24,
    insertAt: 25,
    line: '\t\t"rocky linux" in distribution or',
    names: CLASSIC_NAMES,
  },
  {
    fixture: 'distro-crlf.py',
    name: 'Rocky Linux',
    branchLine: 24,
    insertAt: 25,
    line: '        "rocky linux" in distribution or',
    names: CLASSIC_NAMES,
  },
  {
    fixture: 'names-other-order.py',
    name: '  Rocky Linux ',
    branchLine: 27,
    insertAt: 28,
    line: "        'rocky linux' in distribution or",
    names: ['red hat', 'redhatenterpriseserver', 'centos', 'oracle linux server'],
  },
  {
    fixture: 'paren-own-line.py',
    name: 'Rocky Linux',
    branchLine: 20,
    insertAt: 21,
    line: '        "rocky linux" in distribution or',
    names: ['centos', 'oracle linux server', 'red hat'],
  },
];

interface EditCase {
  fixture: InstallerFactoryShape;
  name: string;
  branchLine: number;
  line: string;
  names: string[];
}

const editCases: EditCase[] = [
  {
    fixture: 'one-line-parens.py',
    name: 'Rocky Linux',
    branchLine: 20,
    line: '    if ("rocky linux" in distribution or "centos" in distribution or "red hat" in distribution):',
    names: ['centos', 'red hat'],
  },
  {
    fixture: 'one-line-bare-elif.py',
    name: 'AlmaLinux',
    branchLine: 23,
    line:
      '    elif "almalinux" in distribution or "centos" in distribution or "red hat" in distribution or ' +
      '"oracle linux server" in distribution:',
    names: ['centos', 'red hat', 'oracle linux server'],
  },
];

describe('planInstallerFactoryPatch: one new line inside a multi-line condition', () => {
  it.each(insertCases)('$fixture + "$name"', (c) => {
    const original = fixture(c.fixture);
    const plan = expectPatched(planInstallerFactoryPatch(original, c.name));
    const expected = withInsertedLine(original, c.insertAt, c.line);
    expect(plan.patched).toBe(expected);
    expect(plan.addedLine).toBe(c.line);
    expect(plan.addedLineNumber).toBe(c.insertAt);
    expect(plan.branchLineNumber).toBe(c.branchLine);
    expect(plan.edit).toBe('insert-line');
    expect(plan.names).toEqual(c.names);
    // Exactly one line more, and removing it gives back every original byte.
    const eol = eolOf(original);
    const patchedLines = plan.patched.split(eol);
    expect(patchedLines.length).toBe(original.split(eol).length + 1);
    patchedLines.splice(c.insertAt - 1, 1);
    expect(patchedLines.join(eol)).toBe(original);
  });

  it('keeps CRLF on the new line and everywhere else', () => {
    const original = fixture('distro-crlf.py');
    const plan = expectPatched(planInstallerFactoryPatch(original, 'Rocky Linux'));
    expect(plan.patched).toContain('        "rocky linux" in distribution or\r\n        "oracle linux server"');
    expect(plan.patched.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(plan.patched.split('\r\n').length).toBe(original.split('\r\n').length + 1);
  });
});

describe('planInstallerFactoryPatch: condition written on one line', () => {
  it.each(editCases)('$fixture + "$name"', (c) => {
    const original = fixture(c.fixture);
    const plan = expectPatched(planInstallerFactoryPatch(original, c.name));
    expect(plan.patched).toBe(withReplacedLine(original, c.branchLine, c.line));
    expect(plan.addedLine).toBe(c.line);
    expect(plan.addedLineNumber).toBe(c.branchLine);
    expect(plan.branchLineNumber).toBe(c.branchLine);
    expect(plan.edit).toBe('edit-line');
    expect(plan.names).toEqual(c.names);
  });
});

describe('planInstallerFactoryPatch: already supported', () => {
  it('a CentOS host is already routed to Red Hat', () => {
    expect(planInstallerFactoryPatch(fixture('distro-4space.py'), 'CentOS Linux')).toEqual({
      kind: 'already-supported',
      matchedName: 'centos',
      names: CLASSIC_NAMES,
    });
  });

  it('"Red Hat Enterprise Linux" matches the "red hat" substring', () => {
    expect(planInstallerFactoryPatch(fixture('distro-4space.py'), 'Red Hat Enterprise Linux')).toEqual({
      kind: 'already-supported',
      matchedName: 'red hat',
      names: CLASSIC_NAMES,
    });
  });

  it('patching twice changes nothing the second time', () => {
    for (const c of [...insertCases, ...editCases]) {
      const name = c.name.trim().toLowerCase();
      const once = expectPatched(planInstallerFactoryPatch(fixture(c.fixture), c.name));
      const twice = planInstallerFactoryPatch(once.patched, c.name);
      expect(twice.kind, c.fixture).toBe('already-supported');
      if (twice.kind !== 'already-supported') continue;
      expect(twice.matchedName).toBe(name);
      expect([...twice.names].sort()).toEqual([...c.names, name].sort());
    }
  });
});

describe('planInstallerFactoryPatch: refusals', () => {
  it('no Red Hat branch', () => {
    const plan = planInstallerFactoryPatch(fixture('no-redhat-branch.py'), 'Rocky Linux');
    expect(plan.kind).toBe('unrecognised');
    if (plan.kind !== 'unrecognised') return;
    expect(plan.reason).toBe('no-redhat-branch');
    expect(plan.message).toMatch(/Red Hat installer/);
    expect(plan.expected).toMatch(/"centos" in distribution/);
  });

  it('two candidate branches', () => {
    const plan = planInstallerFactoryPatch(fixture('two-redhat-branches.py'), 'Rocky Linux');
    expect(plan.kind).toBe('unrecognised');
    if (plan.kind !== 'unrecognised') return;
    expect(plan.reason).toBe('several-redhat-branches');
    expect(plan.message).toContain('lines 20, 27');
    expect(plan.expected).toMatch(/^Exactly one such branch/);
  });

  it('no distribution variable', () => {
    const source = fixture('distro-4space.py').replace(
      'distribution = distro.linux_distribution()[0].lower()',
      'dist = distro.linux_distribution()[0].lower()',
    );
    const plan = planInstallerFactoryPatch(source, 'Rocky Linux');
    expect(plan).toMatchObject({
      kind: 'unrecognised',
      reason: 'no-distribution-variable',
    });
  });

  it.each([
    ['', 'empty-name'],
    ['   ', 'empty-name'],
    ['rocky"linux', 'unsafe-name'],
    ["rocky'linux", 'unsafe-name'],
    ['rocky\\linux', 'unsafe-name'],
    ['rocky\nlinux', 'unsafe-name'],
    ['rocky\rlinux', 'unsafe-name'],
    ['rocky\tlinux', 'unsafe-name'],
    ['rocky\u0000', 'unsafe-name'],
    ['rocky\u2028linux', 'unsafe-name'],
    ['röcky', 'unsafe-name'],
  ])('name %j → %s', (name, reason) => {
    const plan = planInstallerFactoryPatch(fixture('distro-4space.py'), name);
    expect(plan).toMatchObject({ kind: 'unrecognised', reason });
  });

  it('accepts names with other punctuation, which are inert inside a Python string', () => {
    const plan = expectPatched(planInstallerFactoryPatch(fixture('distro-4space.py'), 'Foo #1 {x} %s (beta)'));
    expect(plan.addedLine).toBe('        "foo #1 {x} %s (beta)" in distribution or');
  });
});

describe('planInstallerFactoryPatch: other shapes', () => {
  const wrap = (branch: string): string =>
    [
      'import distro',
      '',
      'def get_linux_installer():',
      '    distribution = distro.linux_distribution()[0].lower()',
      branch,
      '    else:',
      '        sys.exit(1)',
      '',
    ].join('\n');

  it('backslash continuation without parentheses', () => {
    const source = wrap(
      [
        '    if "centos" in distribution or \\',
        '       "red hat" in distribution:',
        '        return RedHatInstaller(distribution)',
      ].join('\n'),
    );
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.patched).toBe(withInsertedLine(source, 6, '       "rocky linux" in distribution or \\'));
  });

  it('leading "or" style', () => {
    const source = wrap(
      [
        '    if ("centos" in distribution',
        '            or "red hat" in distribution):',
        '        from redhat_installer import RedHatInstaller',
        '        return RedHatInstaller(distribution)',
      ].join('\n'),
    );
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.patched).toBe(withInsertedLine(source, 6, '            or "rocky linux" in distribution'));
  });

  it('a parenthesised group that does not wrap the whole condition gets the test in front', () => {
    const source = wrap(
      ['    if (version > 6) and "centos" in distribution:', '        return RedHatInstaller(distribution)'].join('\n'),
    );
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.addedLine).toBe('    if "rocky linux" in distribution or (version > 6) and "centos" in distribution:');
  });

  it('ignores quotes and "if" inside comments and strings, and nested ifs without distribution tests', () => {
    const source = wrap(
      [
        '    # if ("fake" in distribution): redhat',
        '    if ("centos" in distribution or  # "quoted" comment, redhat',
        '        "red hat" in distribution):',
        '        if "7" in version:',
        '            from redhat_installer import RedHat7Installer as RedHatInstaller',
        '        return RedHatInstaller(distribution)',
      ].join('\n'),
    );
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.branchLineNumber).toBe(6);
    expect(plan.patched).toBe(withInsertedLine(source, 7, '        "rocky linux" in distribution or'));
  });

  it('inline body after the colon', () => {
    const source = wrap('    if "centos" in distribution: return RedHatInstaller(distribution)');
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.addedLine).toBe(
      '    if "rocky linux" in distribution or "centos" in distribution: return RedHatInstaller(distribution)',
    );
  });

  it('works when distribution is a parameter, and the whole file when there is no get_linux_installer()', () => {
    const asParameter = [
      'def get_linux_installer(distribution):',
      '    if ("centos" in distribution or',
      '        "red hat" in distribution):',
      '        return redhat_installer.RedHatInstaller()',
      '',
    ].join('\n');
    expect(expectPatched(planInstallerFactoryPatch(asParameter, 'Rocky Linux')).addedLineNumber).toBe(3);
    const moduleLevel = [
      'distribution = platform.linux_distribution()[0].lower()',
      'if "centos" in distribution:',
      '    import rhel_installer as installer',
      '',
    ].join('\n');
    expect(expectPatched(planInstallerFactoryPatch(moduleLevel, 'Rocky Linux')).addedLine).toBe(
      'if "rocky linux" in distribution or "centos" in distribution:',
    );
  });

  it('a module-level distribution variable counts when the function has none', () => {
    const source = [
      'import distro',
      'distribution = distro.linux_distribution()[0].lower()',
      '',
      'def get_linux_installer():',
      '    if ("centos" in distribution or',
      '        "red hat" in distribution):',
      '        return RedHatInstaller(distribution)',
      '',
    ].join('\n');
    expect(detectDistributionApi(source)).toEqual({
      api: 'distro',
      expression: 'distro.linux_distribution()[0].lower()',
    });
    expect(expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux')).patched).toBe(
      withInsertedLine(source, 6, '        "rocky linux" in distribution or'),
    );
  });

  it('a file without a final newline keeps having none', () => {
    const source = fixture('distro-4space.py').replace(/\n$/, '');
    const plan = expectPatched(planInstallerFactoryPatch(source, 'Rocky Linux'));
    expect(plan.patched.endsWith('sys.exit(1)')).toBe(true);
    expect(plan.patched).toBe(withInsertedLine(source, 25, '        "rocky linux" in distribution or'));
  });
});

describe('detectDistributionApi', () => {
  it.each([
    ['distro-4space.py', 'distro', 'distro.linux_distribution()[0].lower()'],
    ['platform-4space.py', 'platform', 'platform.linux_distribution()[0].lower()'],
    ['names-other-order.py', 'distro', 'distro.linux_distribution(full_distribution_name=True)[0].lower()'],
    ['one-line-bare-elif.py', 'distro', 'distro.name().lower()'],
  ] as const)('%s → %s', (name, api, expression) => {
    expect(detectDistributionApi(fixture(name))).toEqual({ api, expression });
  });

  it('tolerates keyword arguments and spacing on one line', () => {
    const source =
      'def get_linux_installer():\n    distribution = distro.linux_distribution(full_distribution_name=False)[0].lower()\n';
    expect(detectDistributionApi(source)).toEqual({
      api: 'distro',
      expression: 'distro.linux_distribution(full_distribution_name=False)[0].lower()',
    });
  });

  it('prefers the recognised call when a try/except falls back', () => {
    const source = [
      'def get_linux_installer():',
      '    try:',
      '        distribution = read_name()',
      '    except Exception:',
      '        distribution = platform.linux_distribution()[0].lower()',
      '',
    ].join('\n');
    expect(detectDistributionApi(source)).toEqual({
      api: 'platform',
      expression: 'platform.linux_distribution()[0].lower()',
    });
  });

  it('unknown call and absent variable', () => {
    expect(detectDistributionApi('def get_linux_installer():\n    distribution = open("/etc/issue").read()\n')).toEqual(
      {
        api: null,
        expression: 'open("/etc/issue").read()',
      },
    );
    expect(detectDistributionApi('x = 1\n')).toEqual({
      api: null,
      expression: null,
    });
  });
});

describe('redHatCondition', () => {
  it('joins a multi-line condition and drops comments', () => {
    expect(redHatCondition(fixture('names-other-order.py'))).toBe(
      "('red hat' in distribution or 'redhatenterpriseserver' in distribution or 'centos' in distribution or " +
        "'oracle linux server' in distribution)",
    );
    expect(redHatCondition(fixture('one-line-bare-elif.py'))).toBe(
      '"centos" in distribution or "red hat" in distribution or "oracle linux server" in distribution',
    );
  });
  it('null when there is not exactly one Red Hat branch', () => {
    expect(redHatCondition(fixture('no-redhat-branch.py'))).toBeNull();
    expect(redHatCondition(fixture('two-redhat-branches.py'))).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Proof with the real Python interpreter

const PYTHON_CHECK = String.raw`
import ast, json, platform, sys, types

cases = json.load(sys.stdin)

def installer_module(cls_name):
    mod = types.ModuleType(cls_name)
    def __getattr__(attr):
        return type(attr, (), {"__init__": lambda self, *a, **k: None})
    mod.__getattr__ = __getattr__
    return mod

def run_factory(source, reported_name):
    fake_distro = types.ModuleType("distro")
    fake_distro.linux_distribution = lambda full_distribution_name=True: (reported_name, "8.4", "Green Obsidian")
    fake_distro.name = lambda pretty=False: reported_name
    sys.modules["distro"] = fake_distro
    platform.linux_distribution = lambda: (reported_name, "8.4", "Green Obsidian")
    for m in ("redhat_installer", "ubuntu_installer", "suse_installer"):
        sys.modules[m] = installer_module(m)
    ns = {"__name__": "installer_factory"}
    exec(compile(source, "installer_factory.py", "exec"), ns)
    try:
        return type(ns["get_linux_installer"]()).__name__
    except SystemExit as e:
        return "exit:%s" % e.code

out = []
for case in cases:
    result = {}
    try:
        ast.parse(case["source"])
        result["parses"] = True
    except SyntaxError as e:
        result["parses"] = False
        result["error"] = str(e)
    if result["parses"]:
        result["condition"] = {d: bool(eval(case["condition"], {"distribution": d})) for d in case["distributions"]}
        result["installer"] = {d: run_factory(case["source"], d) for d in case["reported"]}
    out.append(result)
print(json.dumps(out))
`;

describe.skipIf(skipWithout(PYTHON3, 'python3'))('patched files, checked by python3', () => {
  it('every patched fixture parses, its condition routes rocky/alma to Red Hat, and the factory returns RedHatInstaller', () => {
    const cases = [...insertCases, ...editCases].flatMap((c) =>
      ['Rocky Linux', 'AlmaLinux'].map((name) => {
        const plan = expectPatched(planInstallerFactoryPatch(fixture(c.fixture), name));
        const condition = redHatCondition(plan.patched);
        expect(condition, c.fixture).not.toBeNull();
        return {
          fixture: c.fixture,
          name,
          source: plan.patched,
          condition,
          original: fixture(c.fixture),
        };
      }),
    );
    const input = cases.map((c) => ({
      source: c.source,
      condition: c.condition,
      distributions: [c.name.toLowerCase(), 'ubuntu', 'centos linux'],
      reported: [c.name, 'Ubuntu', 'CentOS Linux', 'Debian GNU/Linux'],
    }));
    // The originals too: Rocky is refused before the patch, which is the point of it.
    const originals = [...insertCases, ...editCases].map((c) => ({
      source: fixture(c.fixture),
      condition: redHatCondition(fixture(c.fixture)),
      distributions: ['rocky linux', 'almalinux', 'centos linux'],
      reported: ['Rocky Linux'],
    }));
    const stdout = execFileSync(PYTHON3, ['-c', PYTHON_CHECK], {
      input: JSON.stringify([...input, ...originals]),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const results = JSON.parse(stdout) as {
      parses: boolean;
      error?: string;
      condition: Record<string, boolean>;
      installer: Record<string, string>;
    }[];
    cases.forEach((c, i) => {
      const r = results[i]!;
      const label = `${c.fixture} + ${c.name}`;
      expect(r.parses, `${label}: ${r.error ?? ''}`).toBe(true);
      expect(r.condition, label).toEqual({
        [c.name.toLowerCase()]: true,
        ubuntu: false,
        'centos linux': true,
      });
      expect(r.installer, label).toEqual({
        [c.name]: 'RedHatInstaller',
        Ubuntu: 'UbuntuInstaller',
        'CentOS Linux': 'RedHatInstaller',
        'Debian GNU/Linux': 'exit:1',
      });
    });
    originals.forEach((o, i) => {
      const r = results[cases.length + i]!;
      expect(r.parses).toBe(true);
      expect(r.condition).toEqual({
        'rocky linux': false,
        almalinux: false,
        'centos linux': true,
      });
      expect(r.installer).toEqual({ 'Rocky Linux': 'exit:1' });
    });
  });

  it('the other shapes stay valid Python after the patch', () => {
    const sources = [
      'if "centos" in distribution or \\\n   "red hat" in distribution:\n    x = "redhat"\n',
      'if ("centos" in distribution\n        or "red hat" in distribution):\n    x = "redhat"\n',
      'if (version > 6) and "centos" in distribution:\n    x = "redhat"\n',
      'if "centos" in distribution: x = "redhat"\n',
    ].map((body) => `version = 7\ndistribution = "rocky linux"\nx = None\n${body}`);
    const patched = sources.map((s) => expectPatched(planInstallerFactoryPatch(s, 'Rocky Linux')).patched);
    const script =
      'import json,sys\nfor s in json.load(sys.stdin):\n    ns = {}\n    exec(s, ns)\n    print(ns["x"])\n';
    const stdout = execFileSync(PYTHON3, ['-c', script], {
      input: JSON.stringify(patched),
      encoding: 'utf8',
    });
    expect(stdout).toBe('redhat\nredhat\nredhat\nredhat\n');
  });
});
