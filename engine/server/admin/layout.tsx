/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { UserRow } from '../../store/users.ts';
import { stylesheetPath } from '../api/page.tsx';

/** The hidden field that binds a form to the session (synchroniser token). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A one-button form posting to `action` (approve, reject, revoke…). */
export function ActionButton(props: {
  action: string;
  csrf: string;
  label: string;
  secondary?: boolean;
  children?: Child;
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      {props.children}
      <button type="submit" class={props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

/** A table that scrolls sideways on a narrow screen instead of widening the page. */
export function Table(props: { label: string; children: Child }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe scrollable-region-focusable).
    <div class="table-wrap" role="region" aria-label={props.label} tabindex={0}>
      <table>{props.children}</table>
    </div>
  );
}

/** What a list says when it has nothing in it yet. */
export function Empty(props: { children: Child }) {
  return <p class="empty">{props.children}</p>;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

/** A status as a word in a coloured outline: the word carries the meaning, not the colour. */
export function Badge(props: { tone: Tone; children: Child }) {
  return <span class={`badge tone-${props.tone}`}>{props.children}</span>;
}

/** How a page of a long list is chosen: `?page=N`, `perPage` rows each. */
export interface PageOf<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
}

/** The rows of page `page` (1-based, clamped) of `rows`. */
export function pageOf<T>(rows: readonly T[], requested: string | undefined, perPage = 50): PageOf<T> {
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const asked = Number(requested ?? '1');
  const page = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
  return { rows: rows.slice((page - 1) * perPage, page * perPage), page, pages, total: rows.length };
}

/** Previous / next links for a paged list (nothing when it fits on one page). */
export function Pager(props: { path: string; of: PageOf<unknown>; label: string }) {
  const { page, pages } = props.of;
  if (pages <= 1) return null;
  const link = (target: number) => `${props.path}?page=${target}`;
  return (
    <nav class="pager" aria-label={`${props.label} pages`}>
      <ul>
        <li>{page > 1 ? <a href={link(page - 1)} rel="prev">← Newer</a> : null}</li>
        <li>
          Page {page} of {pages}
        </li>
        <li>{page < pages ? <a href={link(page + 1)} rel="next">Older →</a> : null}</li>
      </ul>
    </nav>
  );
}

const sections: [string, string, readonly string[]][] = [
  ['/admin', 'Dashboard', ['admin', 'sales', 'viewer']],
  ['/admin/requests', 'Access requests', ['admin', 'sales', 'viewer']],
  ['/admin/insight', 'Insight', ['admin', 'sales', 'viewer']],
  ['/admin/subscribers', 'Subscribers', ['admin', 'sales', 'viewer']],
  ['/admin/reports', 'Vulnerability reports', ['admin', 'sales', 'viewer']],
  ['/admin/checks', 'Check results', ['admin', 'sales', 'viewer']],
  ['/admin/questionnaires', 'Questionnaires', ['admin', 'sales']],
  ['/admin/mail', 'Mail', ['admin']],
  ['/admin/webhooks', 'Webhooks', ['admin']],
  ['/admin/audit', 'Audit log', ['admin', 'sales', 'viewer']],
  ['/admin/users', 'Users', ['admin']],
  ['/admin/tokens', 'API tokens', ['admin']],
];

/** Who is signed in, for the page layout: the user, the form token, where they are. */
export interface Who {
  user: UserRow;
  csrf: string;
  /** The organisation's name, for the brand header (absent before the first build). */
  organisation?: string | undefined;
  /** The path of the page, to mark its section in the navigation. */
  path?: string;
}

/**
 * A visitor who is not signed in yet (the sign-in, second-factor and setup pages): only the
 * organisation's name, for the brand header.
 */
export interface SignedOut {
  organisation: string | undefined;
}

/** The section a path belongs to (`/admin/requests/3` → `/admin/requests`). */
function currentSection(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const matches = sections
    .map(([href]) => href)
    .filter((href) => path === href || (href !== '/admin' && path.startsWith(`${href}/`)));
  return matches.sort((a, b) => b.length - a.length)[0];
}

/**
 * A page of the admin area: the brand header with the organisation's name (on the sign-in
 * pages too) and the signed-in account, the navigation for the user's role, then the content.
 */
export function renderAdminPage(
  title: string,
  viewer: Who | SignedOut | undefined,
  children: Child,
  status?: { message: string; error?: boolean },
): string {
  const who = viewer && 'user' in viewer ? viewer : undefined;
  const organisation = viewer?.organisation;
  const current = currentSection(who?.path);
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${organisation ? `${organisation} ` : ''}Attest admin`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={stylesheetPath} />
      </head>
      <body>
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="admin-header">
          <div class="admin-header-inner">
            <a class="brand" href={who ? '/admin' : '/'}>
              {organisation ?? 'Trust center'} <span class="brand-sub">· admin</span>
            </a>
            {who ? (
              <div class="account">
                <span class="badge tone-neutral">{who.user.role}</span>
                <a href="/admin/account">Your account</a>
                <ActionButton
                  action="/admin/logout"
                  csrf={who.csrf}
                  label={`Sign out ${who.user.email}`}
                  secondary
                />
              </div>
            ) : null}
          </div>
        </header>
        {who ? (
          <nav class="admin" aria-label="Admin sections">
            <ul>
              {sections
                .filter(([, , roles]) => roles.includes(who.user.role))
                .map(([href, label]) => (
                  <li>
                    <a href={href} aria-current={href === current ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
        ) : null}
        <main id="content">
          <h1>{title}</h1>
          {status ? <p class={status.error ? 'notice error' : 'notice'}>{status.message}</p> : null}
          {children}
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${page.toString()}`;
}
