/** llama.cpp's WebAssembly as this build emits it. The library build swaps this module out: there the page passes the address in. */
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url&no-inline';

export default wasmUrl;
