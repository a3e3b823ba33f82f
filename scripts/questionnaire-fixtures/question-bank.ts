/**
 * Question texts for the fixture workbooks, written for Attest: no published questionnaire's
 * wording is copied, only the kinds of things such questionnaires ask. `yesno` questions get
 * a Yes/No style answer cell; `text` questions want a sentence or two.
 */

export type AnswerKind = 'yesno' | 'text';

export interface BankQuestion {
  text: string;
  kind: AnswerKind;
}

export interface BankDomain {
  /** Id prefix, e.g. `DATA` for `DATA-07`. */
  code: string;
  /** The tab or section title. */
  title: string;
  /** What a reviewer wants to learn from this domain; used for the guidance column. */
  guidance: string;
  questions: BankQuestion[];
}

const yes = (text: string): BankQuestion => ({ text, kind: 'yesno' });
const free = (text: string): BankQuestion => ({ text, kind: 'text' });

export const bank: BankDomain[] = [
  {
    code: 'ORGN',
    title: 'Company',
    guidance:
      'Tell us who you are and how your security work is organised. We use these answers to judge whether the people who would handle our data have the authority, staff and budget to protect it, and who we should call when something goes wrong.',
    questions: [
      free('State the legal name of the company that will sign the agreement.'),
      free('Describe the product or service this assessment covers, in one or two sentences.'),
      free('How many people does the company employ, and how many of them work on security?'),
      yes('Is there a named person accountable for information security at the executive level?'),
      yes('Has the company been acquired, merged or restructured in the last two years?'),
      yes('Do you carry cyber liability insurance?'),
      free('List the countries in which your staff who can reach customer data are located.'),
      yes(
        'Has the company suffered a security breach that required notifying customers in the last three years?',
      ),
      yes('Do you use subcontractors who can access customer data?'),
      free('Give the name and e-mail address of the person who should receive security notices.'),
      yes(
        'Do you have a dedicated security operations function that works outside business hours?',
      ),
      yes(
        'Are background checks performed on staff before they are given access to customer data?',
      ),
      yes('Is the company currently involved in litigation that concerns the handling of data?'),
      free(
        'Describe how security duties are split between your own staff and any managed service providers.',
      ),
      yes('Do you publish a point of contact for reporting security vulnerabilities?'),
    ],
  },
  {
    code: 'DOCS',
    title: 'Documentation',
    guidance:
      'Point us to the documents that back your answers. An answer of Yes is much stronger when the written policy, report or certificate can be shared with us under a non-disclosure agreement; please say how to obtain each one.',
    questions: [
      yes('Do you hold a current SOC 2 Type II report that covers the service in scope?'),
      yes('Is the service in scope certified against ISO/IEC 27001?'),
      yes('Can you share a summary of your most recent external penetration test?'),
      yes('Do you maintain a written information security policy approved by management?'),
      yes('Is the information security policy reviewed at least once a year?'),
      yes('Do you have a documented secure software development process?'),
      yes('Can you provide a network or data-flow diagram for the service?'),
      yes('Do you publish a current accessibility conformance report for the product?'),
      yes('Is a completed standard cloud security questionnaire available for the service?'),
      yes('Do you keep an inventory of the third parties that process customer data?'),
      free(
        'List any other audit reports or certifications that apply to the service, with their dates.',
      ),
      yes('Do you have a documented data retention and disposal schedule?'),
      yes('Will you notify us when an audit report lists an exception that affects the service?'),
      yes('Are your privacy notice and terms of service published on your website?'),
    ],
  },
  {
    code: 'APPS',
    title: 'Application',
    guidance:
      'These questions cover the software we would use: how it is built, tested and changed. Answer for the version of the product we would receive, including any mobile or desktop clients, browser extensions and public APIs.',
    questions: [
      yes('Is source code reviewed by a second engineer before it is merged?'),
      yes('Do you scan your code and its dependencies for known vulnerabilities on every build?'),
      yes(
        'Are security fixes for critical vulnerabilities released within a defined number of days?',
      ),
      yes('Is the application tested against common web attack classes before each major release?'),
      yes('Does the application validate all input on the server side?'),
      yes('Are production deployments automated and recorded?'),
      yes('Is customer data kept out of development and test environments?'),
      yes('Does the application offer a public API?'),
      yes('Are API keys scoped so that a key can be limited to read-only access?'),
      yes('Can API tokens be revoked by the customer at any time?'),
      yes('Does the web application set secure, HTTP-only session cookies?'),
      yes('Do sessions expire after a configurable period of inactivity?'),
      yes('Does the application send security headers such as a content security policy?'),
      yes('Do you run a vulnerability disclosure or bug bounty programme?'),
      yes('Are mobile applications distributed only through the official app stores?'),
      free('Describe how you decide when a change to the application needs a security review.'),
      yes('Are third-party libraries kept within supported versions?'),
      yes('Can the customer export its data in a documented, machine-readable format?'),
    ],
  },
  {
    code: 'AUTH',
    title: 'Authentication',
    guidance:
      'We need to know how people prove who they are before they reach our data, both our own users and your administrators. Say which options are included in the edition we would buy and which cost extra.',
    questions: [
      yes('Does the application support single sign-on using SAML 2.0 or OpenID Connect?'),
      yes('Can multi-factor authentication be required for every user of our account?'),
      yes('Is multi-factor authentication required for your staff who administer production?'),
      yes('Are user passwords stored only as salted, slow hashes?'),
      yes('Is there a lockout or delay after repeated failed sign-in attempts?'),
      yes('Can we provision and remove users automatically, for example through SCIM?'),
      yes('Does the application support roles with different permissions?'),
      yes('Can we define our own roles?'),
      yes('Are administrative actions written to an audit log that we can read?'),
      yes('Is access by your support staff to our account logged and time-limited?'),
      free('Describe the password rules the application enforces when single sign-on is not used.'),
      yes('Are shared or generic administrator accounts prohibited?'),
    ],
  },
  {
    code: 'DATA',
    title: 'Data',
    guidance:
      'Tell us where our data lives, who can read it and what happens to it at the end of the contract. Include backups, logs, analytics copies and any data held by your subprocessors, not only the primary database.',
    questions: [
      yes('Is our data encrypted at rest in every store, including backups?'),
      yes('Is our data encrypted in transit over public networks using current TLS versions?'),
      yes('Are encryption keys managed in a dedicated key management service?'),
      yes('Can we supply and control our own encryption keys?'),
      yes('Is our data logically separated from the data of your other customers?'),
      yes('Will our data be stored only in the regions we choose?'),
      free('List the countries where our data, including backups, would be stored.'),
      yes('Are backups taken at least daily?'),
      yes('Are restores from backup tested at least once a year?'),
      yes('Will you delete our data within a defined period after the contract ends?'),
      yes('Will you provide written confirmation that our data has been deleted?'),
      yes('Is access to production data limited to named staff with a business need?'),
      yes('Do you use our data to train machine learning models?'),
      yes('Is data loss prevention tooling used to detect customer data leaving your environment?'),
      yes('Are removable media blocked on staff devices that can reach customer data?'),
      free('Describe how you would respond to a legal demand from a government for our data.'),
      yes('Do you store payment card data?'),
      yes('Do you process health information regulated by HIPAA?'),
    ],
  },
  {
    code: 'INFR',
    title: 'Infrastructure',
    guidance:
      'Describe the systems that run the service: hosting, networks, servers and the tools that watch them. If you rely on a cloud provider, say which controls you inherit from it and which you operate yourselves.',
    questions: [
      free('Which hosting or cloud providers run the production service?'),
      yes('Do you operate any of your own data centres for the service?'),
      yes('Is production separated from corporate networks?'),
      yes('Are firewalls or security groups configured to deny traffic by default?'),
      yes('Is administrative access to production possible only through a hardened access path?'),
      yes('Are operating systems and containers patched on a defined schedule?'),
      yes('Are servers built from hardened, version-controlled images?'),
      yes('Is endpoint protection installed on all servers and staff devices?'),
      yes('Are security logs sent to a central system that staff review?'),
      yes('Are security logs kept for at least one year?'),
      yes('Is there alerting for suspicious activity that reaches an on-call engineer?'),
      yes('Do you run internal and external vulnerability scans at least monthly?'),
      yes('Is the service protected against denial-of-service attacks?'),
      yes('Is the service deployed across more than one availability zone or site?'),
      free('State your recovery time and recovery point objectives for the service.'),
      yes('Is the disaster recovery plan exercised at least once a year?'),
    ],
  },
  {
    code: 'ACCS',
    title: 'IT Accessibility',
    guidance:
      'We must offer the same service to people who use assistive technology. Answer for the product as it is today, and tell us about known gaps and the dates by which you expect to close them.',
    questions: [
      yes('Does the product conform to WCAG 2.1 level AA?'),
      yes('Has the product been tested by people who use screen readers?'),
      yes('Can every function be reached with a keyboard alone?'),
      yes('Do you have a documented process for handling accessibility complaints?'),
      yes('Is accessibility checked as part of your release process?'),
      yes('Do your designers and developers receive accessibility training?'),
      free('Describe any known accessibility gaps and your plan to fix them.'),
      yes('Are videos in the product captioned?'),
      yes('Are documents generated by the product accessible, for example tagged PDFs?'),
      yes('Will you fix accessibility defects we report within an agreed time?'),
      yes('Is there a named person responsible for the accessibility of the product?'),
    ],
  },
  {
    code: 'POLC',
    title: 'Policies',
    guidance:
      'This section asks how security is run day to day: training, incidents, continuity and change. We look for written procedures that are followed and tested, not only for policies that exist on paper.',
    questions: [
      yes('Do all staff complete security awareness training when they join and every year after?'),
      yes('Do you have a written incident response plan?'),
      yes('Is the incident response plan tested at least once a year?'),
      yes('Will you notify us of a security incident affecting our data within 72 hours?'),
      free('Describe how you would tell us about an incident, and who would contact us.'),
      yes('Do you have a business continuity plan that covers the service?'),
      yes('Is there a formal change management process for production?'),
      yes('Are staff access rights reviewed at least every quarter?'),
      yes('Is access removed within one business day when someone leaves?'),
      yes('Do you assess the security of your own suppliers before using them?'),
      yes('Do staff sign confidentiality agreements?'),
      yes('Is there a disciplinary process for breaches of security policy?'),
      yes('Are staff devices encrypted and centrally managed?'),
      yes('Is there an acceptable use policy that staff acknowledge?'),
    ],
  },
  {
    code: 'PRIV',
    title: 'Privacy',
    guidance:
      'Explain how personal data is handled under the laws that apply to us and to you. Say which roles you take on (processor, controller or both) and point to the clauses of your agreement that commit you to these answers.',
    questions: [
      yes('Will you sign a data processing agreement with us?'),
      yes('Do you act only as a processor of our personal data?'),
      yes('Do you have a data protection officer or equivalent?'),
      yes('Do you transfer personal data outside the region where it was collected?'),
      free('Which legal mechanism do you use for international transfers of personal data?'),
      yes('Can you help us answer requests from people who want to see or delete their data?'),
      yes('Do you sell or share personal data with advertisers?'),
      yes('Do you keep a record of processing activities?'),
      yes('Are privacy impact assessments carried out for new features that use personal data?'),
      yes('Will you tell us before adding a new subprocessor?'),
      yes('Is personal data minimised to what the service needs?'),
      yes('Do you collect data about children under 13?'),
    ],
  },
];

/** A domain by its code; throws for a code the bank does not have (a bug in a fixture). */
export function domain(code: string): BankDomain {
  const found = bank.find((d) => d.code === code);
  if (!found) throw new Error(`No question domain ${code}`);
  return found;
}

/** The first `count` questions of a domain (all when `count` is omitted). */
export function questionsOf(code: string, count?: number): BankQuestion[] {
  const all = domain(code).questions;
  if (count !== undefined && count > all.length)
    throw new Error(`Domain ${code} has ${all.length} questions, not ${count}`);
  return count === undefined ? all : all.slice(0, count);
}

/** The text of one question of a domain, by 0-based index. */
export function textOf(code: string, index: number): string {
  const q = domain(code).questions[index];
  if (!q) throw new Error(`Domain ${code} has no question ${index}`);
  return q.text;
}
