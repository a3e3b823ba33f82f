import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lyingWorkbook } from '../../questionnaire/test-support/lying-zip.ts';
import { createTestServer, signIn, type TestServer } from '../test-support.ts';

let server: TestServer;
let sales: { cookie: string; csrf: string };
beforeAll(async () => {
  server = await createTestServer();
  sales = await signIn(server.store, { email: 'sam@acme.example', role: 'sales' });
});
afterAll(() => server.close());

function upload(file: Blob, name: string, accept = '*/*') {
  const form = new FormData();
  form.set('_csrf', sales.csrf);
  form.set('file', file, name);
  return server.app.request(`${server.origin}/admin/questionnaires`, {
    method: 'POST',
    body: form,
    headers: { Origin: server.origin, Cookie: sales.cookie, Accept: accept },
  });
}

describe('questionnaire upload', () => {
  it('answers an uploaded workbook and returns it as a download, audited', async () => {
    // An answer of a control whose claim holds without any check run (attested).
    const question = server.snapshot.controls
      .filter((control) => control.status === 'attested')
      .flatMap((control) => control.answers)
      .find((entry) => entry.answer === 'yes');
    expect(question).toBeDefined();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Security');
    sheet.addRow(['Question', 'Answer']);
    sheet.addRow([question?.question, null]);
    sheet.addRow(['Do you keep a pet dragon?', null]);
    const bytes = await workbook.xlsx.writeBuffer();
    const response = await upload(new Blob([bytes]), 'vendor review.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="vendor_review.answered.xlsx"',
    );
    expect(response.headers.get('x-questions-answered')).toBe('1/2');
    const answered = new ExcelJS.Workbook();
    await answered.xlsx.load(await response.arrayBuffer());
    expect(answered.worksheets[0]?.getRow(2).getCell(2).value).toBe('Yes');
    expect(answered.worksheets[0]?.getRow(3).getCell(2).value).toBeNull();
    expect(answered.getWorksheet('Attest review')?.actualRowCount).toBe(3);
    expect((await server.store.audit.page(0, 1_000)).map((entry) => entry.action)).toContain(
      'questionnaire.answer',
    );
  });

  it('shows a browser which sheets were answered and which were skipped, with the download', async () => {
    const workbook = new ExcelJS.Workbook();
    const start = workbook.addWorksheet('Start here');
    start.addRow(['Read every tab and answer the questions in the vendor tabs.']);
    const vendor = workbook.addWorksheet('Vendor');
    vendor.addRow(['Question', 'Answer']);
    vendor.addRow(['Do you encrypt customer data at rest?', null]);
    vendor.addRow(['Do you keep a pet dragon?', null]);
    const bank = workbook.addWorksheet('Question bank', { state: 'hidden' });
    bank.addRow(['Question', 'Answer']);
    bank.addRow(['Do you encrypt customer data at rest?', null]);
    const response = await upload(
      new Blob([await workbook.xlsx.writeBuffer()]),
      'buyer.xlsx',
      'text/html',
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Answered sheets');
    expect(html).toMatch(/<td>Vendor<\/td>/);
    expect(html).toMatch(/<li>Question bank: hidden<\/li>/);
    expect(html).toMatch(/<li>Start here: [^<]+<\/li>/);
    const link = /href="(\/admin\/questionnaires\/answered\/[^"]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    const file = await server.app.request(`${server.origin}${link}`, {
      headers: { Cookie: sales.cookie },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="buyer.answered.xlsx"',
    );
    const guessed = await server.app.request(
      `${server.origin}/admin/questionnaires/answered/not-a-token`,
      { headers: { Cookie: sales.cookie } },
    );
    expect(guessed.status).toBe(404);
  });

  it('refuses files that are not questionnaires, and files over 5 MiB', async () => {
    const pdf = await upload(new Blob(['%PDF-1.7']), 'questions.pdf');
    expect(pdf.status).toBe(400);
    const fake = await upload(new Blob(['not a zip']), 'questions.xlsx');
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain('not an Excel workbook');
    const huge = await upload(new Blob([new Uint8Array(6 * 1024 * 1024)]), 'huge.xlsx');
    expect(huge.status).toBe(413);
  });

  it('refuses a workbook whose zip headers lie about its size with a 400 that says why', async () => {
    const bomb = lyingWorkbook(64 * 1024 * 1024);
    const response = await upload(new Blob([bomb]), 'vendor.xlsx');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'vendor.xlsx expands beyond the limit: its zip headers say xl/worksheets/sheet1.xml holds 4.0 KB, but it inflates to more.',
    );
  });
});
