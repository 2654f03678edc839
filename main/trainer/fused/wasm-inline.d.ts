// Vite turns `import src from './x.wasm?inline'` into the file's bytes as a base64 data URL string.
declare module '*.wasm?inline' {
  const dataUrl: string;
  export default dataUrl;
}
