/**
 * Patching NGT's `installer/linux/src/installer_factory.py` so that a
 * distribution NGT does not name (Rocky, Alma, …) takes the Red Hat branch.
 *
 * `get_linux_installer()` picks an installer by substring tests on the
 * lower-cased distribution name:
 *
 *     if ("centos" in distribution or
 *         "red hat" in distribution):
 *         from redhat_installer import RedHatInstaller
 *
 * The patch adds one line, `"rocky linux" in distribution or`, inside that
 * condition and leaves every other byte alone (line endings included), so the
 * diff shown to the person is exactly one added line.
 *
 * Pure: text in, plan out. The file is read with a small Python tokenizer
 * (strings, comments, brackets, continuation lines) rather than by regular
 * expressions over raw text, so a `#` or a quote inside a string, a docstring
 * that mentions "if", or a nested `if` cannot mislead it.
 *
 * Linear in the size of the file: every pass visits each character a bounded
 * number of times (block ends come from one stack pass, name tests from a
 * bounded look-ahead, strings by condition from one sorted walk). The work is
 * counted (`measurePatcherWork`) so a test catches quadratic work without
 * timing anything; files over MAX_FACTORY_CHARS are refused outright — real
 * installer_factory.py files are a few kilobytes.
 *
 * This file decides (name validation, the explanation of a shape it does not
 * recognise, the plan); the pieces are in installerFactory/: pythonScan.ts
 * (tokenizing), getLinuxInstaller.ts (locating the function and its
 * branches), insertion.ts (the edit), factoryReaders.ts (read-only facts),
 * patcherWork.ts (the size limit and the work counter).
 */
import { analyse, redHatBranches } from './installerFactory/getLinuxInstaller';
import { planInsertion } from './installerFactory/insertion';
import { MAX_FACTORY_CHARS } from './installerFactory/patcherWork';
import { FACTORY_RELATIVE_PATH } from './isoLayout';

export type UnrecognisedReason =
  | 'no-redhat-branch'
  | 'several-redhat-branches'
  | 'no-distribution-variable'
  | 'empty-name'
  | 'unsafe-name'
  | 'too-large';

export type PatchPlan =
  | {
      kind: 'patched';
      patched: string;
      /**
       * The line as it appears in the patched file, without its line ending:
       * the new line, or (condition written on one line) the edited header line.
       */
      addedLine: string;
      /** 1-based line number of the `if`/`elif` header of the Red Hat branch (same in both files). */
      branchLineNumber: number;
      /** Names the Red Hat branch listed before the patch, in file order. */
      names: string[];
      /** 'insert-line': one new line; 'edit-line': the one-line condition was extended in place. */
      edit: 'insert-line' | 'edit-line';
      /** 1-based line number of `addedLine` in the patched file. */
      addedLineNumber: number;
    }
  | { kind: 'already-supported'; matchedName: string; names: string[] }
  | {
      kind: 'unrecognised';
      reason: UnrecognisedReason;
      message: string;
      expected: string;
    };

const EXPECTED_SHAPE =
  'get_linux_installer() with `distribution = distro.linux_distribution()[0].lower()` (or platform.…) and one ' +
  'if/elif branch whose condition tests names such as `"centos" in distribution or "red hat" in distribution` ' +
  'and whose body imports or returns the Red Hat installer (`from redhat_installer import RedHatInstaller`).';

function unrecognised(reason: UnrecognisedReason, message: string, expected = EXPECTED_SHAPE): PatchPlan {
  return { kind: 'unrecognised', reason, message, expected };
}

/** Characters a name may hold: printable ASCII except quotes and backslash (always valid inside a Python literal). */
const SAFE_NAME = /^[\x20-\x7e]+$/;
const UNSAFE_CHARS = /["'\\]/;

/**
 * Plans the one-line change that makes get_linux_installer() treat
 * `distributionName` (as the installer sees it, e.g. "Rocky Linux") as Red Hat.
 */
export function planInstallerFactoryPatch(source: string, distributionName: string): PatchPlan {
  const name = distributionName.trim().toLowerCase();
  if (name === '') {
    return unrecognised('empty-name', 'The distribution name is empty.', 'A distribution name such as "rocky linux".');
  }
  if (!SAFE_NAME.test(name) || UNSAFE_CHARS.test(name)) {
    return unrecognised(
      'unsafe-name',
      `The distribution name ${JSON.stringify(distributionName)} contains a quote, a backslash, a line break, ` +
        'a control character or a non-ASCII character, which cannot be added safely to the installer.',
      'A name made of printable ASCII letters, digits, spaces and punctuation other than quotes and backslash.',
    );
  }
  if (source.length > MAX_FACTORY_CHARS) {
    return unrecognised(
      'too-large',
      `The file has ${source.length} characters; installer_factory.py files are a few kilobytes and NGT Prep ` +
        `reads at most ${MAX_FACTORY_CHARS}. This is not the installer's factory file.`,
      `${FACTORY_RELATIVE_PATH} from the NGT ISO (at most ${MAX_FACTORY_CHARS} characters).`,
    );
  }

  const analysis = analyse(source);
  if (analysis.distributionAssignments.length === 0 && !analysis.distributionIsParameter) {
    return unrecognised(
      'no-distribution-variable',
      'get_linux_installer() does not compute a variable named `distribution`.',
    );
  }
  const candidates = redHatBranches(analysis);
  if (candidates.length === 0) {
    return unrecognised(
      'no-redhat-branch',
      'No if/elif branch of get_linux_installer() leads to the Red Hat installer.',
    );
  }
  if (candidates.length > 1) {
    const lines = candidates.map((b) => b.headerLine + 1).join(', ');
    return unrecognised(
      'several-redhat-branches',
      `${candidates.length} branches of get_linux_installer() lead to the Red Hat installer (lines ${lines}); ` +
        'it is not clear which one to extend.',
      `Exactly one such branch. ${EXPECTED_SHAPE}`,
    );
  }

  const branch = candidates[0]!;
  const names = branch.tests.map((t) => t.body);
  const matchedName = names.find((n) => n !== '' && name.includes(n));
  if (matchedName !== undefined) return { kind: 'already-supported', matchedName, names };

  const edit = planInsertion(analysis, branch, name);
  const patched = source.slice(0, edit.at) + edit.text + source.slice(edit.at);
  const line = analysis.scan.lines[edit.lineIndex]!;
  const addedLine =
    edit.edit === 'insert-line'
      ? edit.text.replace(/(\r\n|\n|\r)$/, '')
      : source.slice(line.start, edit.at) + edit.text + source.slice(edit.at, line.end);
  return {
    kind: 'patched',
    patched,
    addedLine,
    branchLineNumber: branch.headerLine + 1,
    names,
    edit: edit.edit,
    addedLineNumber: edit.lineIndex + 1,
  };
}
