// WeChat message XML: parsed with fast-xml-parser (no attributes, every value a string), replies built as CDATA.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

export class BadXmlError extends Error {
  constructor(message = 'malformed XML') {
    super(message);
    this.name = 'BadXmlError';
  }
}

/** The fields of WeChat's <xml> root as strings (nested elements are dropped); throws BadXmlError. */
export function parseWeChatXml(text: string): Record<string, string> {
  if (typeof text !== 'string' || !text.trim() || XMLValidator.validate(text) !== true) throw new BadXmlError();
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    throw new BadXmlError();
  }
  const root = (doc as Record<string, unknown>)?.xml;
  if (typeof root !== 'object' || root === null) throw new BadXmlError('no <xml> root');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

function cdata(s: string): string {
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** <xml> with string fields as CDATA and numbers as they are, in the given order. */
export function buildWeChatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'number' ? String(v) : cdata(v)}</${k}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
