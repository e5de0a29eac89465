/**
 * The WS-Management messages the probe sends, and what it reads from the
 * answers. Pure: no sockets here.
 */
import { findElement, parseXml, textOf, type XmlElement } from './xmlReader';

export const WSMAN_PATH = '/wsman';
export const WSMAN_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';
export const WSMID_NAMESPACE = 'http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd';
export const WINRM_CONFIG_RESOURCE = 'http://schemas.microsoft.com/wbem/wsman/1/config';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const ADDRESSING = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
const WSMAN = 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd';
const TRANSFER_GET = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get';
const ANONYMOUS = `${ADDRESSING}/role/anonymous`;

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) =>
      ({
        '<': '&lt;',
        '>': '&gt;',
        '&': '&amp;',
        '"': '&quot;',
        "'": '&apos;',
      })[c]!,
  );
}

/** The unauthenticated Identify: a SOAP 1.2 envelope, empty header, `<wsmid:Identify/>` body. */
export function identifyEnvelope(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<s:Envelope xmlns:s="${SOAP12}" xmlns:wsmid="${WSMID_NAMESPACE}">`,
    '<s:Header/>',
    '<s:Body><wsmid:Identify/></s:Body>',
    '</s:Envelope>',
  ].join('');
}

/** The headers of an unauthenticated Identify (besides Content-Length and Host). */
export function identifyHeaders(): Record<string, string> {
  return {
    'Content-Type': WSMAN_CONTENT_TYPE,
    WSMANIDENTIFY: 'unauthenticated',
  };
}

/**
 * A WS-Transfer Get of the WinRM configuration. Windows answers it only to an
 * administrator, which is what Prism Central's NGT push needs.
 */
export function configGetEnvelope(params: { url: string; messageId: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<s:Envelope xmlns:s="${SOAP12}" xmlns:a="${ADDRESSING}" xmlns:w="${WSMAN}">`,
    '<s:Header>',
    `<a:To>${escapeXml(params.url)}</a:To>`,
    `<w:ResourceURI s:mustUnderstand="true">${WINRM_CONFIG_RESOURCE}</w:ResourceURI>`,
    `<a:ReplyTo><a:Address s:mustUnderstand="true">${ANONYMOUS}</a:Address></a:ReplyTo>`,
    `<a:Action s:mustUnderstand="true">${TRANSFER_GET}</a:Action>`,
    '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize>',
    `<a:MessageID>uuid:${escapeXml(params.messageId)}</a:MessageID>`,
    '<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>',
    '<w:OperationTimeout>PT20S</w:OperationTimeout>',
    '</s:Header>',
    '<s:Body/>',
    '</s:Envelope>',
  ].join('');
}

export interface SoapFault {
  code?: string;
  subcode?: string;
  reason?: string;
  /** Windows' WSManFault Code attribute (5 = access denied). */
  wsmanCode?: string;
  wsmanMessage?: string;
}

export interface IdentifyFacts {
  protocolVersion?: string;
  productVendor?: string;
  productVersion?: string;
  /** Only in authenticated answers. */
  securityProfiles: string[];
}

export type WsmanAnswer =
  | { kind: 'identify'; identify: IdentifyFacts }
  | { kind: 'fault'; fault: SoapFault }
  | { kind: 'soap'; root: XmlElement }
  | { kind: 'not-soap' };

function readFault(fault: XmlElement): SoapFault {
  const code = findElement(fault, 'Code');
  const subcode = code ? findElement(code, 'Subcode') : undefined;
  const wsmanFault = findElement(fault, 'WSManFault');
  const strip = (v: string | undefined) => (v ? v.replace(/\s+/g, ' ').trim() : undefined) || undefined;
  return {
    code: strip(
      code
        ? textOf(
            {
              ...code,
              children: code.children.filter((c) => c.name !== 'Subcode'),
            },
            'Value',
          )
        : undefined,
    ),
    subcode: strip(subcode ? textOf(subcode, 'Value') : undefined),
    reason: strip(textOf(fault, 'Reason')),
    wsmanCode: wsmanFault?.attributes.Code,
    wsmanMessage: strip(wsmanFault ? textOf(wsmanFault, 'Message') : undefined),
  };
}

/** Classifies a WS-Management answer body: IdentifyResponse, SOAP fault, other SOAP, or not SOAP at all. */
export function readWsmanAnswer(body: string): WsmanAnswer {
  const root = parseXml(body);
  if (!root || root.name !== 'Envelope') return { kind: 'not-soap' };
  const fault = findElement(root, 'Fault');
  if (fault) return { kind: 'fault', fault: readFault(fault) };
  const identify = findElement(root, 'IdentifyResponse');
  if (identify) {
    const profiles = findElement(identify, 'SecurityProfiles');
    return {
      kind: 'identify',
      identify: {
        protocolVersion: textOf(identify, 'ProtocolVersion') || undefined,
        productVendor: textOf(identify, 'ProductVendor') || undefined,
        productVersion: textOf(identify, 'ProductVersion') || undefined,
        securityProfiles: profiles
          ? profiles.children.filter((c) => c.name === 'SecurityProfileName').map((c) => c.text.trim())
          : [],
      },
    };
  }
  return { kind: 'soap', root };
}

export interface WinRmConfigFacts {
  maxEnvelopeSizeKb?: number;
  serviceBasic?: boolean;
  serviceAllowUnencrypted?: boolean;
}

/** A few service settings from the answer to the configuration Get. */
export function readWinRmConfig(root: XmlElement): WinRmConfigFacts {
  const bool = (v: string | undefined) => (v === undefined ? undefined : v.toLowerCase() === 'true');
  const service = findElement(root, 'Service');
  const auth = service ? findElement(service, 'Auth') : undefined;
  const max = textOf(root, 'MaxEnvelopeSizekb');
  const out: WinRmConfigFacts = {};
  if (max && /^\d+$/.test(max)) out.maxEnvelopeSizeKb = Number(max);
  const basic = bool(auth ? textOf(auth, 'Basic') : undefined);
  if (basic !== undefined) out.serviceBasic = basic;
  const unencrypted = bool(service ? textOf(service, 'AllowUnencrypted') : undefined);
  if (unencrypted !== undefined) out.serviceAllowUnencrypted = unencrypted;
  return out;
}
