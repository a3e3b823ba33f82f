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
export function ActionButton(props: { action: string; csrf: string; label: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      {props.children}
      <button type="submit">{props.label}</button>
    </form>
  );
}

const sections: [string, string, readonly string[]][] = [
  ['/admin', 'Overview', ['admin', 'sales', 'viewer']],
  ['/admin/requests', 'Access requests', ['admin', 'sales', 'viewer']],
  ['/admin/subscribers', 'Subscribers', ['admin', 'sales', 'viewer']],
  ['/admin/reports', 'Vulnerability reports', ['admin', 'sales', 'viewer']],
  ['/admin/mail', 'Mail', ['admin']],
  ['/admin/webhooks', 'Webhooks', ['admin']],
  ['/admin/questionnaires', 'Questionnaires', ['admin', 'sales']],
  ['/admin/checks', 'Check results', ['admin', 'sales', 'viewer']],
  ['/admin/audit', 'Audit log', ['admin', 'sales', 'viewer']],
  ['/admin/users', 'Users', ['admin']],
  ['/admin/tokens', 'API tokens', ['admin']],
  ['/admin/account', 'Your account', ['admin', 'sales', 'viewer']],
];

/** A page of the admin area: navigation for the user's role, a sign-out button, the content. */
export function renderAdminPage(
  title: string,
  who: { user: UserRow; csrf: string } | undefined,
  children: Child,
  status?: { message: string; error?: boolean },
): string {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · Attest admin`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={stylesheetPath} />
      </head>
      <body>
        {who ? (
          <nav class="admin">
            {sections
              .filter(([, , roles]) => roles.includes(who.user.role))
              .map(([href, label]) => (
                <a href={href}>{label}</a>
              ))}
            <ActionButton action="/admin/logout" csrf={who.csrf} label={`Sign out ${who.user.email}`} />
          </nav>
        ) : null}
        <main>
          <h1>{title}</h1>
          {status ? <p class={status.error ? 'notice error' : 'notice'}>{status.message}</p> : null}
          {children}
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${page.toString()}`;
}
