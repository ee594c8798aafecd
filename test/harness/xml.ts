/**
 * A strict little XML parser for the JUnit tests: elements, attributes, text, the five predefined
 * entities and numeric references. It throws on anything malformed (unclosed or mismatched tags, a
 * bare `&` or `<`, characters XML 1.0 forbids), which is what the test needs to prove.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(raw)) throw new Error(`unescaped markup in ${JSON.stringify(raw.slice(0, 40))}`);
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' ? `0${e.slice(1)}` : e.slice(1))) : ENTITIES[e]));
}

export function parseXml(xml: string): XmlElement {
  if (/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) throw new Error('a character XML 1.0 forbids');
  let body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const token = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/;
  while (body.length > 0) {
    const lt = body.indexOf('<');
    if (lt !== 0) {
      const text = lt === -1 ? body : body.slice(0, lt);
      stack[stack.length - 1].text += decode(text);
      body = body.slice(text.length);
      continue;
    }
    const m = token.exec(body);
    if (!m) throw new Error(`malformed tag at ${JSON.stringify(body.slice(0, 40))}`);
    body = body.slice(m[0].length);
    const [, closing, name, rawAttributes, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of rawAttributes.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) attributes[a[1]] = decode(a[2]);
    const element: XmlElement = { name, attributes, children: [], text: '' };
    stack[stack.length - 1].children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('a document has exactly one root element');
  return root.children[0];
}
