/**
 * The product's font families, named once for the dashboard's charts and downloads and the pack's stylesheet
 * (data/fonts.ts ships the files themselves: Source Sans 3 for all text, Source Code Pro for SQL and code).
 */
export const SANS = `'Source Sans 3', sans-serif`;
export const MONO = `'Source Code Pro', monospace`;
