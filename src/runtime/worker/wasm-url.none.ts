/** The library build's stand-in for wasm-url.ts: the page passes the WebAssembly's address (see bridge.ts), so the worker emits no copy. */
export default '';
