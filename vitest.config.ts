import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __INPAGE_BUILD__: JSON.stringify('test'), __INPAGE_CONNECT_HOSTS__: '[]' },
  test: { include: ['test/unit/**/*.test.ts'], environment: 'node' },
});
