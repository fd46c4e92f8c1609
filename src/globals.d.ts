/** Set by vite.config.ts at build time. */
declare const __INPAGE_BUILD__: string;
declare const __INPAGE_CONNECT_HOSTS__: string[];
