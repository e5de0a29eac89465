import { describe, expect, it } from 'vitest';
import {
  allText,
  decodeXmlEntities,
  findElement,
  findElements,
  parseXml,
  textOf,
} from '../../../main/windows/probe/xmlReader';
import {
  WINRM_CONFIG_RESOURCE,
  WSMID_NAMESPACE,
  configGetEnvelope,
  identifyEnvelope,
  identifyHeaders,
  readWinRmConfig,
  readWsmanAnswer,
} from '../../../main/windows/probe/wsmanMessages';
import { authSchemes } from '../../../main/windows/probe/winrmProbeJob';
import { accessDeniedFaultXml, configResponseXml, identifyResponseXml } from '../../fixtures/probe/loopbackServers';

describe('xmlReader', () => {
  it('finds elements by local name whatever the prefix', () => {
    const root = parseXml(
      '<a:Root xmlns:a="urn:x"><b:Item>one</b:Item><Item>two</Item><c:Deep><c:Item>three</c:Item></c:Deep></a:Root>',
    )!;
    expect(root.name).toBe('Root');
    expect(root.prefix).toBe('a');
    expect(findElements(root, 'Item').map((e) => e.text)).toEqual(['one', 'two', 'three']);
    expect(textOf(root, 'Deep')).toBe('three');
  });

  it('decodes entities, numeric references and CDATA, and skips comments and declarations', () => {
    const xml =
      '\ufeff<?xml version="1.0"?>\n<!-- hi --><r a="x &amp; y">&lt;b&gt; &#65;&#x42; <![CDATA[<raw>&amp;]]><!-- c --></r>';
    const root = parseXml(xml)!;
    expect(root.attributes.a).toBe('x & y');
    expect(root.text).toBe('<b> AB <raw>&amp;');
    expect(decodeXmlEntities('&quot;&apos;&#0;&unknown;')).toBe('"\'&unknown;');
  });

  it('reads attributes with either quote', () => {
    const root = parseXml(`<r one="1" two='2' three = "3"/>`)!;
    expect(root.attributes).toEqual({ one: '1', two: '2', three: '3' });
    expect(root.children).toEqual([]);
  });

  it('refuses what is not well-formed element markup', () => {
    expect(parseXml('')).toBeNull();
    expect(parseXml('just text')).toBeNull();
    expect(parseXml('<html><body>oops</html>')).toBeNull();
    expect(parseXml('<a></b>')).toBeNull();
    expect(parseXml('<a/><b/>')).toBeNull();
    expect(parseXml('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>')).toBeNull();
    expect(parseXml('<a><!-- unterminated </a>')).toBeNull();
    expect(parseXml('<' + 'a>'.repeat(1) + '<b>'.repeat(100))).toBeNull();
  });

  it('tolerates a missing end tag at the very end', () => {
    const root = parseXml('<a><b>x</b>')!;
    expect(textOf(root, 'b')).toBe('x');
    expect(allText(root)).toBe('x');
    expect(findElement(root, 'zzz')).toBeUndefined();
  });
});

describe('WS-Management messages', () => {
  it('the Identify is a SOAP 1.2 envelope with an empty header and wsmid:Identify in the body', () => {
    const root = parseXml(identifyEnvelope())!;
    expect(root.name).toBe('Envelope');
    expect(root.attributes['xmlns:s']).toBe('http://www.w3.org/2003/05/soap-envelope');
    expect(root.attributes['xmlns:wsmid']).toBe(WSMID_NAMESPACE);
    const header = findElement(root, 'Header')!;
    expect(header.children).toEqual([]);
    const body = findElement(root, 'Body')!;
    expect(body.children.map((c) => `${c.prefix}:${c.name}`)).toEqual(['wsmid:Identify']);
    expect(identifyHeaders()).toEqual({
      'Content-Type': 'application/soap+xml;charset=UTF-8',
      WSMANIDENTIFY: 'unauthenticated',
    });
  });

  it('the configuration Get carries the WS-Transfer action, the resource and the escaped address', () => {
    const xml = configGetEnvelope({
      url: 'https://a&b:5986/wsman',
      messageId: '1234',
    });
    const root = parseXml(xml)!;
    expect(textOf(root, 'To')).toBe('https://a&b:5986/wsman');
    expect(xml).toContain('https://a&amp;b:5986/wsman');
    expect(textOf(root, 'Action')).toBe('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get');
    expect(textOf(root, 'ResourceURI')).toBe(WINRM_CONFIG_RESOURCE);
    expect(textOf(root, 'MessageID')).toBe('uuid:1234');
    expect(findElement(root, 'Body')!.children).toEqual([]);
  });

  it('reads Windows’ IdentifyResponse', () => {
    expect(readWsmanAnswer(identifyResponseXml())).toEqual({
      kind: 'identify',
      identify: {
        protocolVersion: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
        productVendor: 'Microsoft Corporation',
        productVersion: 'OS: 10.0.20348 SP: 0.0 Stack: 3.0',
        securityProfiles: [],
      },
    });
  });

  it('reads an IdentifyResponse with other prefixes, a default namespace and security profiles', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope">' +
      '<SOAP-ENV:Header></SOAP-ENV:Header><SOAP-ENV:Body><IdentifyResponse xmlns="' +
      WSMID_NAMESPACE +
      '">' +
      '<ProtocolVersion> http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd </ProtocolVersion>' +
      '<ProductVendor>Openwsman Project</ProductVendor><ProductVersion>2.6.5</ProductVersion>' +
      '<n1:SecurityProfiles xmlns:n1="' +
      WSMID_NAMESPACE +
      '"><n1:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/basic</n1:SecurityProfileName></n1:SecurityProfiles>' +
      '</IdentifyResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>';
    expect(readWsmanAnswer(xml)).toEqual({
      kind: 'identify',
      identify: {
        protocolVersion: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
        productVendor: 'Openwsman Project',
        productVersion: '2.6.5',
        securityProfiles: ['http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/basic'],
      },
    });
  });

  it('reads a SOAP fault with Windows’ WSManFault detail', () => {
    expect(readWsmanAnswer(accessDeniedFaultXml())).toEqual({
      kind: 'fault',
      fault: {
        code: 's:Sender',
        subcode: 'w:AccessDenied',
        reason: 'Access is denied.',
        wsmanCode: '5',
        wsmanMessage: 'Access is denied.',
      },
    });
  });

  it('tells other SOAP and non-SOAP answers apart', () => {
    expect(readWsmanAnswer(configResponseXml()).kind).toBe('soap');
    expect(readWsmanAnswer('<html><body><h1>404 Not Found</h1></body></html>').kind).toBe('not-soap');
    expect(readWsmanAnswer('').kind).toBe('not-soap');
    expect(readWsmanAnswer('{"json": true}').kind).toBe('not-soap');
  });

  it('reads the WinRM service settings from the configuration, not the client’s', () => {
    const answer = readWsmanAnswer(configResponseXml());
    if (answer.kind !== 'soap') throw new Error('expected soap');
    expect(readWinRmConfig(answer.root)).toEqual({
      maxEnvelopeSizeKb: 500,
      serviceBasic: true,
      serviceAllowUnencrypted: false,
    });
    expect(readWinRmConfig(parseXml('<Envelope><Body/></Envelope>')!)).toEqual({});
  });
});

describe('authSchemes', () => {
  it.each([
    [undefined, []],
    ['Negotiate', ['Negotiate']],
    [
      ['Negotiate', 'Basic realm="WSMAN"'],
      ['Negotiate', 'Basic'],
    ],
    ['Basic realm="WSMAN", Negotiate, Kerberos', ['Basic', 'Negotiate', 'Kerberos']],
    ['Basic realm="a, b", charset="UTF-8"', ['Basic']],
  ] as [string | string[] | undefined, string[]][])('%j → %j', (header, expected) => {
    expect(authSchemes(header)).toEqual(expected);
  });
});
