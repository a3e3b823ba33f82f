/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/**
 * Progressive enhancement for the overview's control list. Without JavaScript every control
 * is listed and the filter form stays hidden (a static page cannot filter on `?q=`). With
 * it, the form appears; typing hides the controls whose title, claim, area and status do not
 * contain every word typed, hides areas left empty, and announces the count in the form's
 * live region. A `?q=` in the address (a shared link, or the form submitted) is applied.
 */
function setUp(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]');
  const count = form.querySelector<HTMLElement>('[role="status"]');
  const empty = document.querySelector<HTMLElement>('[data-claim-filter-empty]');
  const groups = Array.from(document.querySelectorAll<HTMLElement>('[data-claim-group]'));
  if (!input || !count || groups.length === 0) return;
  const rows = groups.flatMap((group) =>
    Array.from(group.querySelectorAll<HTMLElement>('li[data-terms]')),
  );
  const total = rows.length;
  const noun = (n: number) => (n === 1 ? 'control' : 'controls');

  const apply = (): void => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const terms = row.dataset.terms ?? '';
      const match = words.every((word) => terms.includes(word));
      row.hidden = !match;
      if (match) shown++;
    }
    for (const group of groups) group.hidden = !group.querySelector('li[data-terms]:not([hidden])');
    if (empty) empty.hidden = shown > 0;
    count.textContent =
      words.length === 0
        ? `${total} ${noun(total)}`
        : `${shown} of ${total} ${noun(total)} ${shown === 1 ? 'matches' : 'match'}`;
  };

  const initial = new URLSearchParams(window.location.search).get('q');
  if (initial) input.value = initial;
  form.hidden = false;
  input.addEventListener('input', apply);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    if (input.value) url.searchParams.set('q', input.value);
    else url.searchParams.delete('q');
    window.history.replaceState(null, '', url);
    apply();
  });
  apply();
}

const form = document.querySelector<HTMLFormElement>('form[data-claim-filter]');
if (form) setUp(form);
