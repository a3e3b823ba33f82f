import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes SQL migrations for engine/store/schema.ts; they are
// checked in and applied when a store opens.
export default defineConfig({
  dialect: 'sqlite',
  schema: './engine/store/schema.ts',
  out: './engine/store/migrations',
});
