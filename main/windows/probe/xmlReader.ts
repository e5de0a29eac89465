/**
 * A small, tolerant XML reader for WS-Management answers. Servers pick their
 * own namespace prefixes (wsmid:, s:, env:, none at all), so elements are
 * found by local name. It never resolves entities beyond the five predefined
 * ones and numeric references, never fetches anything, and gives up (null) on
 * text that is not element markup rather than guessing.
 */

export interface XmlElement {
  /** Local name, without the prefix. */
  name: string;
  prefix?: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

const MAX_DEPTH = 64;

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, ref: string) => {
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    }
  });
}

function splitName(qname: string): { name: string; prefix?: string } {
  const colon = qname.indexOf(':');
  return colon < 0 ? { name: qname } : { prefix: qname.slice(0, colon), name: qname.slice(colon + 1) };
}

function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out[m[1]] = decodeXmlEntities(m[3] ?? m[4] ?? '');
  return out;
}

/**
 * Parses XML into a tree. Returns null when the text has no root element or
 * its tags do not nest. A missing end tag at the very end is tolerated.
 */
export function parseXml(xml: string): XmlElement | null {
  const root: XmlElement = {
    name: '#document',
    attributes: {},
    children: [],
    text: '',
  };
  const stack: XmlElement[] = [root];
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top === root) {
        if (text.trim()) return null; // text outside the root element: not XML
      } else top.text += decodeXmlEntities(text);
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      stack[stack.length - 1].text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      // DOCTYPE and friends: WS-Management never sends them; refuse rather than expand.
      return null;
    } else {
      const gt = xml.indexOf('>', lt + 1);
      if (gt < 0) return null;
      const inner = xml.slice(lt + 1, gt);
      i = gt + 1;
      if (inner.startsWith('/')) {
        const { name } = splitName(inner.slice(1).trim());
        const top = stack[stack.length - 1];
        if (stack.length === 1 || top.name !== name) return null;
        stack.pop();
        continue;
      }
      const selfClosing = inner.endsWith('/');
      const body = selfClosing ? inner.slice(0, -1) : inner;
      const nameMatch = /^([^\s/>]+)/.exec(body);
      if (!nameMatch) return null;
      const element: XmlElement = {
        ...splitName(nameMatch[1]),
        attributes: parseAttributes(body.slice(nameMatch[1].length)),
        children: [],
        text: '',
      };
      const parent = stack[stack.length - 1];
      if (parent === root && root.children.length > 0) return null; // two roots
      parent.children.push(element);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) return null;
        stack.push(element);
      }
    }
  }
  return root.children[0] ?? null;
}

/** The first element with this local name, depth first (the element itself included). */
export function findElement(element: XmlElement | null | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  if (element.name === name) return element;
  for (const child of element.children) {
    const found = findElement(child, name);
    if (found) return found;
  }
  return undefined;
}

/** Every element with this local name, depth first. */
export function findElements(element: XmlElement | null | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  if (element) walk(element);
  return out;
}

/** Trimmed text of the first descendant with this local name. */
export function textOf(element: XmlElement | null | undefined, name: string): string | undefined {
  const found = findElement(element, name);
  if (!found) return undefined;
  const all = allText(found).trim();
  return all;
}

/** All character data inside an element, its descendants included. */
export function allText(element: XmlElement): string {
  return element.text + element.children.map(allText).join('');
}
