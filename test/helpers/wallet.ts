/**
 * A test wallet and a test verifier for identity credentials, written from the specifications (OpenID4VCI 1.0,
 * SD-JWT VC, Token Status List) rather than from the issuer's code, so that the issuer is held to them.
 *
 * The wallet holds an ES256 key, takes a credential offer (`openid-credential-offer://…`) and its PIN, discovers the
 * issuer from its metadata, and goes token → nonce → credential with a key proof; it then presents its credential
 * disclosing only the claims asked for, bound to a verifier's nonce. The verifier fetches the issuer's keys once and
 * from then on verifies offline; only a status check fetches the status list.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, exportJWK, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { JsonObject } from '../../src/services/identity/credentials/disclosures.js';
import {
  presentSdJwt,
  readSdJwt,
  verifySdJwt,
  type ClaimPath,
} from '../../src/services/identity/credentials/sd-jwt.js';
import { verifyStatusListToken } from '../../src/services/identity/credentials/status-list.js';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

interface Injectable {
  inject(options: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<{ statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }>;
}

/** A `fetch` that hands every request, whatever its host, to an in-process Fastify app; `calls` records the URLs. */
export function injectFetch(app: Injectable, calls: string[] = []): Fetch {
  return async (url, init = {}) => {
    calls.push(url);
    const target = new URL(url);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await app.inject({
      method: init.method ?? 'GET',
      url: target.pathname + target.search,
      headers: { host: target.host, ...headers },
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const answered = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) answered.set(name, String(value));
    }
    return new Response(new Uint8Array(response.rawPayload), { status: response.statusCode, headers: answered });
  };
}

/** A step the issuer refused: its HTTP status and problem+json (with the OAuth `error`). */
export class WalletError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: { code?: string; error?: string; detail?: string },
  ) {
    super(`${step} refused (${status}): ${body.error ?? body.code}: ${body.detail}`);
  }
}

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

interface Offer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants: Record<string, { 'pre-authorized_code': string; tx_code?: { length?: number } }>;
}

export interface TestWallet {
  readonly key: { readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  /** The SD-JWT VCs it holds, newest last. */
  readonly credentials: string[];
  /** Takes an offer and its PIN through token, nonce and credential; stores and answers the credential. */
  receive(offerUri: string, txCode: string, options?: { proofNonce?: string }): Promise<string>;
  /** Everything a credential it holds says (the holder reads it all). */
  read(credential?: string): JsonObject;
  /** A presentation disclosing only `disclose`, bound to the verifier's nonce and audience. */
  present(request: {
    disclose: readonly ClaimPath[];
    nonce: string;
    audience: string;
    credential?: string;
  }): Promise<string>;
}

export function createTestWallet(fetch: Fetch): TestWallet {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentials: string[] = [];

  const json = async (step: string, response: Response) => {
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new WalletError(step, response.status, body);
    return body;
  };

  async function receive(offerUri: string, txCode: string, options: { proofNonce?: string } = {}) {
    const offer = readOffer(offerUri);
    const issuer = offer.credential_issuer;
    const grant = offer.grants[PRE_AUTHORIZED];
    if (!grant) throw new Error('the offer has no pre-authorized code');
    if (grant.tx_code?.length !== undefined && grant.tx_code.length !== txCode.length) {
      throw new Error(`the offer asks for a PIN of ${grant.tx_code.length} digits`);
    }

    const metadata = await json('issuer metadata', await fetch(wellKnown(issuer, 'openid-credential-issuer')));
    if (metadata.credential_issuer !== issuer) throw new Error('the metadata is of another issuer');
    const configurationId = offer.credential_configuration_ids[0]!;
    const configuration = (metadata.credential_configurations_supported as Record<string, { format: string }>)[
      configurationId
    ];
    if (configuration?.format !== 'dc+sd-jwt')
      throw new Error(`the issuer does not offer ${configurationId} as SD-JWT VC`);
    const authorizationServer = (metadata.authorization_servers as string[] | undefined)?.[0] ?? issuer;
    const server = await json(
      'authorization server metadata',
      await fetch(wellKnown(authorizationServer, 'oauth-authorization-server')),
    );

    const token = await json(
      'token',
      await fetch(server.token_endpoint as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: PRE_AUTHORIZED,
          'pre-authorized_code': grant['pre-authorized_code'],
          tx_code: txCode,
        }).toString(),
      }),
    );
    const nonce =
      options.proofNonce ??
      ((await json('nonce', await fetch(metadata.nonce_endpoint as string, { method: 'POST' }))).c_nonce as string);

    const proof = await new SignJWT({ aud: issuer, nonce })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: await exportJWK(key.publicKey) })
      .setIssuedAt()
      .sign(key.privateKey);
    const answer = await json(
      'credential',
      await fetch(metadata.credential_endpoint as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token as string}` },
        body: JSON.stringify({ credential_configuration_id: configurationId, proofs: { jwt: [proof] } }),
      }),
    );
    const credential = (answer.credentials as Array<{ credential: string }>)[0]!.credential;
    credentials.push(credential);
    return credential;
  }

  return {
    key,
    credentials,
    receive,
    read: (credential = credentials.at(-1)!) => readSdJwt(credential).claims,
    present: (request) =>
      presentSdJwt(request.credential ?? credentials.at(-1)!, {
        disclose: request.disclose,
        holderKey: { alg: 'ES256', privateKey: key.privateKey },
        nonce: request.nonce,
        audience: request.audience,
      }),
  };
}

/** The offer a QR code carries: by value (`credential_offer=`) only. */
export function readOffer(offerUri: string): Offer {
  const url = new URL(offerUri);
  if (url.protocol !== 'openid-credential-offer:') throw new Error('not a credential offer');
  const value = url.searchParams.get('credential_offer');
  if (!value) throw new Error('the offer is not given by value');
  return JSON.parse(value) as Offer;
}

/** RFC 8414 §3.1 / SD-JWT VC §5: `/.well-known/<name>` goes between the host and the path of an identifier. */
export function wellKnown(identifier: string, name: string): string {
  const url = new URL(identifier);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/${name}${path}`;
}

export interface TestVerifier {
  readonly audience: string;
  newNonce(): string;
  /** Checks a presentation offline: signature, disclosures, key binding, expiry. Answers what it reveals. */
  verify(presentation: string, nonce: string): Promise<JsonObject>;
  /** Whether the credential's status list says it is revoked (fetches the list). */
  status(claims: JsonObject): Promise<'valid' | 'revoked'>;
}

/** A verifier that trusts `issuer`: its keys are fetched now, once. */
export async function trustIssuer(
  fetch: Fetch,
  issuer: string,
  audience = 'https://verifier.test',
): Promise<TestVerifier> {
  const response = await fetch(wellKnown(issuer, 'jwt-vc-issuer'));
  const metadata = (await response.json()) as { issuer: string; jwks: JSONWebKeySet };
  if (metadata.issuer !== issuer) throw new Error('the key document is of another issuer');
  const keys: JWTVerifyGetKey = createLocalJWKSet(metadata.jwks);
  return {
    audience,
    newNonce: () => randomBytes(16).toString('base64url'),
    async verify(presentation, nonce) {
      const { claims } = await verifySdJwt(presentation, {
        issuerKey: keys,
        typ: ['dc+sd-jwt', 'vc+sd-jwt'],
        keyBinding: { nonce, audience },
      });
      if (claims.iss !== issuer) throw new Error('the credential is of another issuer');
      return claims;
    },
    async status(claims) {
      const reference = (claims.status as { status_list?: { idx: number; uri: string } } | undefined)?.status_list;
      if (!reference) throw new Error('the credential names no status list');
      const answer = await fetch(reference.uri, { headers: { accept: 'application/statuslist+jwt' } });
      if (!answer.ok) throw new Error(`the status list answered ${answer.status}`);
      const list = await verifyStatusListToken(await answer.text(), { issuerKey: keys, uri: reference.uri });
      const status = list.statusAt(reference.idx);
      if (status === undefined) throw new Error('the status list has no such index');
      return status === 0 ? 'valid' : 'revoked';
    },
  };
}
