import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config drizzle.postgres.config.ts` writes the PostgreSQL
// migrations for engine/store/postgres/schema.ts; they are checked in and applied when a
// PostgreSQL store opens. Keep this schema in step with engine/store/schema.ts (SQLite).
export default defineConfig({
  dialect: 'postgresql',
  schema: './engine/store/postgres/schema.ts',
  out: './engine/store/postgres/migrations',
});
