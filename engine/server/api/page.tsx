/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** The stylesheet of the server-rendered pages (no inline styles: the CSP forbids them). */
export const stylesheetPath = '/admin/admin.css';

/** The language of a result page and where its "back" link goes (`/fr/` for French). */
export interface PageLanguage {
  lang: string;
  back: string;
  home: string;
}

/** A small standalone page: result of a form post, a 403 for a dead link, an error. */
export function Page(props: { title: string; children?: Child; language?: PageLanguage | undefined }) {
  const language = props.language ?? { lang: 'en', back: 'Back to the trust center', home: '/' };
  return (
    <html lang={language.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={stylesheetPath} />
      </head>
      <body>
        <main class="result">
          <h1>{props.title}</h1>
          {props.children}
          <p>
            <a href={language.home}>{language.back}</a>
          </p>
        </main>
      </body>
    </html>
  );
}

/** Renders a page to an HTML string with a doctype. */
export function renderPage(title: string, children: Child, language?: PageLanguage): string {
  return `<!doctype html>${(<Page title={title} language={language}>{children}</Page>).toString()}`;
}
