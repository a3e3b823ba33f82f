/**
 * Text handling for matching questions to knowledge: normalisation, a small security
 * vocabulary of synonyms, stop words, a light stemmer and polarity cues. Pure.
 */

/** Phrases folded onto one canonical token before tokenising; longest phrases first. */
const synonymPhrases: Array<[RegExp, string]> = [
  [
    /\b(?:multi[- ]?factor|two[- ]?factor|2[- ]?factor|two[- ]?step|2[- ]?step|second factor|2fa|mfa|totp|authenticator app|security keys?)(?: (?:authentication|auth|verification))?\b/g,
    ' mfa ',
  ],
  [/\bsaml(?: 2\.0)?\b/g, ' sso saml '],
  [/\b(?:openid connect|oidc)\b/g, ' sso oidc '],
  [/\b(?:single[- ]sign[- ]on|sso|federated (?:login|identity))\b/g, ' sso '],
  [
    /\b(?:at[- ]rest|stored encrypted|storage encryption|on disk|disk encryption)\b/g,
    ' atrest encrypt ',
  ],
  [
    /\b(?:point[- ]in[- ]time(?: recovery| restore)?|pitr|any (?:moment|point))\b/g,
    ' pitr restore ',
  ],
  [
    /\b(?:(?:second|another|different|separate|secondary) (?:aws )?(?:region|location|site|data ?cent\w*)|off[- ]?site|geographically separate)\b/g,
    ' offsite ',
  ],
  [
    /\b(?:in[- ]transit|over (?:the )?(?:network|internet|public networks?)|transport layer security|https|tls|ssl)\b/g,
    ' intransit encrypt ',
  ],
  [
    /\b(?:penetration[- ]?test(?:s|ing|ed)?|pen[- ]?test(?:s|ing|ed)?|ethical hack(?:ing|ers?))\b/g,
    ' pentest ',
  ],
  [/\b(?:disaster[- ]recovery|dr plan|business continuity|bcp|bc\/dr)\b/g, ' disasterrecovery '],
  [/\b(?:back(?:ed)?[- ]?ups?|backing up|back(?:ed)? up|snapshots?)\b/g, ' backup '],
  [/\b(?:role[- ]based access(?: control)?|rbac|least privilege)\b/g, ' rbac '],
  [/\b(?:data processing (?:agreement|addendum)|dpa)\b/g, ' dpa '],
  [/\b(?:soc ?2|soc ii|soc two)\b/g, ' soc2 '],
  [/\btype (?:ii|2|two)\b/g, ' type2 '],
  [/\biso(?:\/iec)? ?27001\b/g, ' iso27001 '],
  [/\bpci(?:[- ]dss)?\b/g, ' pcidss '],
  [
    /\b(?:plain ?text|clear ?text|unencrypted|unhashed|without encryption|not encrypted)\b/g,
    ' plaintext ',
  ],
  [/\b(?:hard[- ]?coded|embedded in (?:source )?code)\b/g, ' hardcoded '],
  [/\bdefault (?:passwords?|credentials?|accounts?)\b/g, ' defaultpassword '],
  [/\bshared (?:accounts?|logins?|user ?names?|credentials?)\b/g, ' sharedaccount '],
  [/\b(?:sell|sells|sold|selling|rent|monetise|monetize)\b/g, ' sell '],
  [
    /\bwithout (?:the |a |an )?(?:(?:customer|client|user|owner)'?s?'? |your |their )?(?:consent|permission|approval|authori[sz]ation|knowledge)\b/g,
    ' withoutconsent ',
  ],
  [
    /\b(?:annual(?:ly)?|yearly|once a year|every year|each year|per year|every twelve months)\b/g,
    ' annual ',
  ],
  [/\b(?:quarterly|every quarter|each quarter|every three months)\b/g, ' quarterly '],
  [/\b(?:rto|rpo|recovery time|recovery point)\b/g, ' recoveryobjective '],
  [
    /\b(?:vulnerability disclosure|responsible disclosure|coordinated disclosure|vdp|security researchers?)\b/g,
    ' vulndisclosure ',
  ],
  [/\b(?:bug bount(?:y|ies))\b/g, ' bugbounty '],
  [/\b(?:intrusion detection|ids|siem|threat detection)\b/g, ' intrusiondetection '],
  [/\b(?:ddos|denial[- ]of[- ]service)\b/g, ' ddos '],
  [/\b(?:rate[- ]?limit(?:s|ed|ing)?|throttl(?:e|ed|es|ing)|brute[- ]force)\b/g, ' ratelimit '],
  [
    /\b(?:ip (?:allow ?list(?:s|ing)?|whitelist(?:s|ing)?|restrictions?|ranges?|address(?:es)?)|allow ?list(?:s|ing)?)\b/g,
    ' ipallowlist ',
  ],
  [/\b(?:audit (?:logs?|trails?)|activity logs?)\b/g, ' auditlog '],
  [/\b(?:uptime|availability sla|service level agreement|sla)\b/g, ' sla '],
  [/\b(?:byok|bring your own key|customer[- ]managed (?:encryption )?keys?|cmk)\b/g, ' byok '],
  [
    /\b(?:scim|automated (?:user )?provisioning|user provisioning|(?:de)?provision(?:s|ed|ing)?)\b/g,
    ' scim ',
  ],
  [
    /\b(?:open[- ]source|third[- ]party (?:libraries|components|dependencies|packages)|dependencies)\b/g,
    ' dependencies ',
  ],
  [/\b(?:data subject (?:access )?requests?|dsars?|subject access requests?)\b/g, ' dsr '],
  [
    /\b(?:subprocessors?|sub-processors?|vendors? you use|third[- ]party providers?)\b/g,
    ' subprocessor ',
  ],
];

/** Single words folded onto one stem (after the phrase pass). */
const wordSynonyms: Record<string, string> = {
  encrypt: 'encrypt',
  encrypted: 'encrypt',
  encryption: 'encrypt',
  encrypts: 'encrypt',
  encrypting: 'encrypt',
  cryptographic: 'encrypt',
  cryptography: 'encrypt',
  employee: 'staff',
  employees: 'staff',
  personnel: 'staff',
  staff: 'staff',
  workforce: 'staff',
  workers: 'staff',
  team: 'staff',
  institution: 'customer',
  institutional: 'customer',
  institutions: 'customer',
  traffic: 'traffic',
  connection: 'traffic',
  connections: 'traffic',
  communication: 'traffic',
  communications: 'traffic',
  hire: 'hire',
  hires: 'hire',
  hired: 'hire',
  hiring: 'hire',
  joins: 'hire',
  join: 'hire',
  joiner: 'hire',
  joiners: 'hire',
  onboarding: 'hire',
  admin: 'admin',
  admins: 'admin',
  administrator: 'admin',
  administrators: 'admin',
  administrative: 'admin',
  customer: 'customer',
  customers: 'customer',
  client: 'customer',
  clients: 'customer',
  tenant: 'customer',
  tenants: 'customer',
  user: 'user',
  users: 'user',
  log: 'log',
  logs: 'log',
  logging: 'log',
  logged: 'log',
  password: 'password',
  passwords: 'password',
  passphrase: 'password',
  passphrases: 'password',
  delete: 'delete',
  deleted: 'delete',
  deletion: 'delete',
  erase: 'delete',
  erased: 'delete',
  erasure: 'delete',
  purge: 'delete',
  purged: 'delete',
  destroy: 'delete',
  destroyed: 'delete',
  store: 'store',
  stored: 'store',
  stores: 'store',
  storage: 'store',
  storing: 'store',
  kept: 'store',
  keep: 'store',
  hold: 'store',
  held: 'store',
  retain: 'retain',
  retained: 'retain',
  retention: 'retain',
  hash: 'hash',
  hashed: 'hash',
  hashes: 'hash',
  hashing: 'hash',
  argon2id: 'hash',
  bcrypt: 'hash',
  key: 'key',
  keys: 'key',
  kms: 'key',
  hsm: 'key',
  rotate: 'rotate',
  rotated: 'rotate',
  rotation: 'rotate',
  vulnerability: 'vulnerability',
  vulnerabilities: 'vulnerability',
  vuln: 'vulnerability',
  vulns: 'vulnerability',
  weakness: 'vulnerability',
  weaknesses: 'vulnerability',
  patch: 'patch',
  patched: 'patch',
  patching: 'patch',
  update: 'patch',
  updated: 'patch',
  updates: 'patch',
  incident: 'incident',
  incidents: 'incident',
  breach: 'breach',
  breaches: 'breach',
  notify: 'notify',
  notified: 'notify',
  notification: 'notify',
  inform: 'notify',
  tell: 'notify',
  train: 'train',
  trained: 'train',
  training: 'train',
  awareness: 'train',
  background: 'background',
  screening: 'background',
  screened: 'background',
  restore: 'restore',
  restored: 'restore',
  restoration: 'restore',
  recovery: 'restore',
  recover: 'restore',
  test: 'test',
  tested: 'test',
  testing: 'test',
  tests: 'test',
  exercise: 'test',
  exercised: 'test',
  rehearsed: 'test',
  segregate: 'isolate',
  segregated: 'isolate',
  segregation: 'isolate',
  isolated: 'isolate',
  isolation: 'isolate',
  separated: 'isolate',
  separation: 'isolate',
  isolate: 'isolate',
  segmented: 'isolate',
  segmentation: 'isolate',
  export: 'export',
  exported: 'export',
  exportable: 'export',
  portability: 'export',
  region: 'location',
  regions: 'location',
  country: 'location',
  countries: 'location',
  location: 'location',
  located: 'location',
  hosted: 'host',
  hosting: 'host',
  host: 'host',
  datacenter: 'datacenter',
  datacentre: 'datacenter',
  datacenters: 'datacenter',
  datacentres: 'datacenter',
  monitor: 'monitor',
  monitored: 'monitor',
  monitoring: 'monitor',
  watched: 'monitor',
  alert: 'monitor',
  alerts: 'monitor',
  mobile: 'mobile',
  phone: 'mobile',
  laptop: 'laptop',
  laptops: 'laptop',
  workstation: 'laptop',
  workstations: 'laptop',
  endpoint: 'laptop',
  endpoints: 'laptop',
  device: 'laptop',
  devices: 'laptop',
  card: 'card',
  cardholder: 'card',
  cards: 'card',
  payment: 'payment',
  payments: 'payment',
  hipaa: 'hipaa',
  baa: 'hipaa',
  phi: 'hipaa',
  health: 'hipaa',
  gdpr: 'gdpr',
  ccpa: 'ccpa',
  cpra: 'ccpa',
  phishing: 'phishing',
  fraud: 'phishing',
  fraudulent: 'phishing',
  abuse: 'phishing',
  spam: 'spam',
  unsubscribe: 'optout',
  opt: 'optout',
  bounce: 'optout',
  bounces: 'optout',
  signin: 'login',
  login: 'login',
  logins: 'login',
  logon: 'login',
  authentication: 'login',
  authenticate: 'login',
  confidentiality: 'nda',
  nda: 'nda',
  ndas: 'nda',
  'non-disclosure': 'nda',
  policy: 'policy',
  policies: 'policy',
  plan: 'policy',
  documented: 'policy',
  written: 'policy',
  procedure: 'policy',
  procedures: 'policy',
  secret: 'secret',
  secrets: 'secret',
  credential: 'secret',
  credentials: 'secret',
  token: 'secret',
  tokens: 'secret',
  xss: 'owasp',
  csrf: 'owasp',
  injection: 'owasp',
  owasp: 'owasp',
  code: 'code',
  source: 'code',
  sdlc: 'code',
  review: 'review',
  reviewed: 'review',
  reviews: 'review',
  permission: 'consent',
  consent: 'consent',
  consents: 'consent',
  approval: 'consent',
  permissions: 'permission',
  role: 'permission',
  roles: 'permission',
  privileges: 'permission',
  privileged: 'permission',
  access: 'access',
  accessed: 'access',
  accessing: 'access',
  reach: 'access',
  status: 'status',
  statuspage: 'status',
};

/** Words that carry no meaning for matching a security question. */
const stopWords = new Set(
  `a an the of to for and or in on at by with from as is are was were be been being do does did
  you your yours we our us they their them it its this that these those there here which who whom
  what when where why how have has had will would shall should can could may might must
  all any each every some such other than then so if not no nor only same too very just
  also into about over under between within without per via please describe provide explain
  list indicate state confirm whether organization organisation company vendor service services
  solution product platform application app system systems offering data information i me my
  currently ever always yes n/a na etc e.g i.e use used using make made ensure ensured
  place able support supported supports offer offered offers available provided perform
  performed performs conduct conducted conducts carry carried out implement implemented
  maintain maintained regular regularly periodic periodically least operate operates run runs
  done get gets got take takes taken between sign signed specific kind type types
  whole entire full`
    .split(/\s+/)
    .filter(Boolean),
);

/** Cues that a question asks about a bad practice: "Yes" would admit a weakness. */
const negativeCues = new Set([
  'plaintext',
  'hardcoded',
  'sell',
  'defaultpassword',
  'sharedaccount',
]);

/** Lower-cases and folds phrases of the security vocabulary onto canonical tokens. */
export function normalise(text: string): string {
  let value = ` ${text.toLowerCase().replace(/[‘’]/g, "'").replace(/&/g, ' and ')} `;
  value = value
    .replace(/\bdata cent(?:er|re)s?\b/g, ' datacenter ')
    .replace(/\bsign[- ]?in\b/g, ' signin ');
  for (const [pattern, token] of synonymPhrases) value = value.replace(pattern, token);
  return value;
}

function stem(word: string): string {
  const mapped = wordSynonyms[word];
  if (mapped) return mapped;
  let stemmed = word;
  if (stemmed.length > 5 && stemmed.endsWith('ies')) return `${stemmed.slice(0, -3)}y`;
  if (stemmed.length > 5 && stemmed.endsWith('ing')) stemmed = stemmed.slice(0, -3);
  else if (stemmed.length > 4 && stemmed.endsWith('ed')) stemmed = stemmed.slice(0, -2);
  else if (stemmed.length > 3 && stemmed.endsWith('s') && !stemmed.endsWith('ss'))
    stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 4 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  return stemmed;
}

/** Stems that say whose data a question is about, which every question implies. */
const weakStems = new Set(['customer', 'user']);

/** Every token of a text (stemmed, synonyms folded), stop words removed, in order. */
export function tokenise(text: string): string[] {
  const words = normalise(text).match(/[a-z0-9]+(?:\.[0-9]+)*/g) ?? [];
  return words
    .filter((word) => !stopWords.has(word))
    .map(stem)
    .filter((token) => !weakStems.has(token));
}

/**
 * For each negative cue, words a control must mention to deny the bad practice by retrieval
 * alone (a control about hashing passwords denies plaintext passwords). No words: only an
 * explicit known answer can deny it.
 */
export const denyingTokens: Record<string, readonly string[]> = {
  plaintext: ['encrypt', 'hash'],
  hardcoded: [],
  sell: [],
  defaultpassword: [],
  sharedaccount: [],
  withoutconsent: ['consent'],
};

/** Words that deny what a sentence says: such a sentence cannot support a "yes". */
export const negationPattern =
  /\b(?:not|no|never|without|cannot|can't|don't|doesn't|isn't|aren't|won't|none|neither|nor|nobody|only (?:after|if|when|with|on request))\b/i;

/** The negative cues present in a question. */
export function negativeCuesOf(text: string): string[] {
  const tokens = normalise(text).match(/[a-z0-9]+/g) ?? [];
  return [...new Set(tokens.filter((token) => negativeCues.has(token)))];
}

/** Whether a question asks about a bad practice ("…in plaintext?", "…hard-coded?"). */
export function isNegativeQuestion(text: string): boolean {
  const tokens = normalise(text).match(/[a-z0-9]+/g) ?? [];
  return tokens.some((token) => negativeCues.has(token));
}

/** The tokens of a question without its negative cues (what the question is about). */
export function topicTokens(text: string): string[] {
  return tokenise(text).filter((token) => !negativeCues.has(token));
}

/** Whether a question expects a yes/no answer rather than a description. */
export function isYesNoQuestion(text: string): boolean {
  const first = text.trim().toLowerCase().split(/\s+/)[0] ?? '';
  return /^(is|are|do|does|did|can|could|will|would|has|have|had|should|must|was|were)$/.test(
    first,
  );
}
