/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { renderPage } from './page.tsx';

const titles: Record<number, string> = {
  400: 'Please check the form',
  403: 'Access refused',
  404: 'Not found',
  413: 'Too much data',
  429: 'Too many attempts',
};

/** The HTML twin of the JSON error: what went wrong, and field by field when it was the input. */
export function renderErrorPage(
  status: number,
  message: string,
  fields?: Record<string, string[]>,
): string {
  return renderPage(
    titles[status] ?? 'Something went wrong',
    <>
      <p>{message}</p>
      {fields ? (
        <ul>
          {Object.entries(fields).map(([field, problems]) => (
            <li>
              <strong>{field}</strong>: {problems.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
    </>,
  );
}
