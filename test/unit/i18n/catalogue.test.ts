/**
 * The message catalogue is complete and honest: every key in every language
 * (plural forms as each language needs them), placeholders kept, no unused
 * keys, and no user-visible text in the renderer that bypasses it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, LANGUAGES, createTranslator } from '../../../main/i18n/catalogue';

type Tree = { [k: string]: string | string[] | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string' || Array.isArray(v)) out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (v: string | string[]) =>
  [...new Set([...String(v).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))].filter((p) => p !== 'count').sort();

const en = flatten(CATALOGUE.en as Tree);
const baseKeys = new Set([...en.keys()].map((k) => k.replace(PLURAL, '')));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** User-visible literals in JSX: text between tags, and label-like attributes with letters. */
function hardCodedTexts(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/>([^<>{}`;=()&|]*[A-Za-z\u00C0-\u30FF][^<>{}`;=()&|]*)</g)) {
    const text = m[1].trim();
    if (text && !/^[\s\-–—·:.,()|/]*$/.test(text)) found.push(`"${text}"`);
  }
  for (const m of source.matchAll(/\b(aria-label|placeholder|title|label|alt)="([^"]*[A-Za-z][^"]*)"/g))
    found.push(`${m[1]}="${m[2]}"`);
  return found;
}

describe('message catalogue', () => {
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang}: has every key, with the plural forms ${lang} needs and the same placeholders`, () => {
      const tr = flatten(CATALOGUE[lang] as Tree);
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const problems: string[] = [];
      for (const base of baseKeys) {
        const isPlural = en.has(`${base}_other`);
        const wanted = isPlural
          ? categories.filter((c) => c === 'one' || c === 'other').map((c) => `${base}_${c}`)
          : [base];
        for (const key of wanted) {
          if (!tr.has(key)) problems.push(`missing ${key}`);
          else {
            const source = en.get(key) ?? en.get(`${base}_other`)!;
            if (JSON.stringify(placeholders(source)) !== JSON.stringify(placeholders(tr.get(key)!)))
              problems.push(`placeholders differ in ${key}`);
            if (Array.isArray(source) !== Array.isArray(tr.get(key))) problems.push(`shape differs in ${key}`);
          }
        }
      }
      for (const key of tr.keys()) if (!baseKeys.has(key.replace(PLURAL, ''))) problems.push(`extra ${key}`);
      expect(problems).toEqual([]);
    });
  }

  it('every English key is used by the code (directly or under a dynamic prefix)', () => {
    const text = [...sourceFiles('main'), ...sourceFiles('renderer/src')]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const ns = Object.keys(CATALOGUE.en).join('|');
    const literal = new Set(
      [...text.matchAll(new RegExp(`['"\`]((?:${ns})\\.[A-Za-z0-9_.]+)['"\`]`, 'g'))].map((m) => m[1]),
    );
    const prefixes = [...text.matchAll(new RegExp(`\`((?:${ns})\\.[A-Za-z0-9_.]*)\\$\\{`, 'g'))].map((m) => m[1]);
    const unused = [...baseKeys].filter((key) => !literal.has(key) && !prefixes.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('the renderer has no hard-coded user-visible text: JSX text and labels come from t()', () => {
    // The detector must catch what it is meant to catch (negative control)...
    expect(hardCodedTexts('<Button onClick={go}>Save report</Button><Input placeholder="Host name" />')).toEqual([
      '"Save report"',
      'placeholder="Host name"',
    ]);
    expect(hardCodedTexts("<Button>{t('ui.job.cancel')}</Button> {a > b && c < d}")).toEqual([]);
    // ...and finds nothing in the real renderer.
    const offenders = sourceFiles('renderer/src')
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((file) => hardCodedTexts(readFileSync(file, 'utf8')).map((o) => `${file}: ${o}`));
    expect(offenders).toEqual([]);
  });

  it('formats counts with the plural rules of the language', () => {
    expect(createTranslator('en')('doctor.sshAgent.found', { count: 1, socket: 's' })).toBe(
      'SSH agent at s holds 1 key.',
    );
    expect(createTranslator('en')('doctor.sshAgent.found', { count: 2, socket: 's' })).toBe(
      'SSH agent at s holds 2 keys.',
    );
  });
});
