/**
 * The benchmark tables of docs/performance.md, made from a bench record (bench/results.json), so the
 * docs show what one full run measured and nothing typed by hand. Each table sits between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; the prose around it is written by people.
 *
 * Usage: tsx bench/readme.ts (after a full run; `npm run bench` does it itself).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// biome-ignore lint/suspicious/noExplicitAny: the record is JSON written by this suite; each table reads its own keys.
type Json = any;

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const check = (ok: boolean) => (ok ? '✓' : '✗');
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const threadsOf = (key: string) => key.replace('threads_', '');

function summary(r: Json): string {
  const t = r.token_path;
  const turns = r.multi_turn;
  const phi = turns.phi3_shaped_model;
  const w = r.warm_start;
  const rows: (string | number)[][] = [
    [
      'Token path: decode through the whole app ÷ the engine bare (`token_path_ratio`)',
      `**${r.token_path_ratio}** (${t.app_tokens_per_s} ÷ ${t.bare_tokens_per_s} tokens/s; runs ${t.ratio_spread.join('–')})`,
      `≥ 0.97 ${check(r.token_path_ratio >= 0.97)}`,
    ],
    ['Long tasks while 512 tokens stream (`long_tasks`)', `**${r.long_tasks}**`, `0 ${check(r.long_tasks === 0)}`],
    ['Longest frame gap while streaming (`max_frame_gap_ms`)', `${r.max_frame_gap_ms} ms`, ''],
    ['Slowest key typed while streaming, to the next frame (`input_latency_ms`)', `${r.input_latency_ms} ms`, ''],
    [
      'Turn 10 ÷ turn 1 time to first token, same new-message length (`turn10_ttft_ratio`)',
      `**${r.turn10_ttft_ratio}** on the model of Phi-3-mini's width (${s(phi.ttft_ms[0])} → ${s(phi.ttft_ms.at(-1))}); ${turns.bench_model.turn10_ttft_ratio} on the 768-wide model`,
      `≤ 1.2 ${check(r.turn10_ttft_ratio <= 1.2)}`,
    ],
    [
      'Input delay of keys typed while turn 10 streams, ~1.5 k tokens (`input_delay_ms_long`)',
      `**${r.input_delay_ms_long} ms** to the handler; ${turns.key_to_frame_ms} ms to the next frame`,
      `≤ 16.7 ms ${check(r.input_delay_ms_long <= 16.7)}`,
    ],
    [
      'Warm start: the app ÷ the same engine in a bare page (`warm_start_app_vs_bare`)',
      `**${r.warm_start_app_vs_bare}** (${s(w.ready_ms)} ÷ ${s(w.bare_engine_ready_ms)} for ${mb(w.bytes)})`,
      `≤ 1.1 ${check(r.warm_start_app_vs_bare <= 1.1)}`,
    ],
    [
      'Warm start ÷ reading the same bytes from IndexedDB (`warm_start_ratio`)',
      `**${r.warm_start_ratio}** (${s(w.ready_ms)} ÷ ${s(w.read_ms)})`,
      `≤ 1.3 ${check(r.warm_start_ratio <= 1.3)}`,
    ],
    [
      'Download and store ÷ a plain fetch, loopback (`download_ratio`)',
      `**${r.download_ratio}** (${s(r.download.store_ms)} ÷ ${s(r.download.fetch_ms)} for ${mb(r.download.bytes)})`,
      `≤ 1.2 ${check(r.download_ratio <= 1.2)}`,
    ],
    [
      `The same over a ${r.download_at_link_speed.link_mb_per_s} MB/s link (\`download_ratio_at_link_speed\`)`,
      `**${r.download_ratio_at_link_speed}** (${s(r.download_at_link_speed.store_ms)} ÷ ${s(r.download_at_link_speed.fetch_ms)})`,
      `≤ 1.2 ${check(r.download_ratio_at_link_speed <= 1.2)}`,
    ],
    [
      'App shell before first paint, gzip JS + CSS (`shell_js_gzip_kb`)',
      `**${r.shell_js_gzip_kb} KB**; first contentful paint ${r.shell.first_contentful_paint_ms} ms; total blocking time ${r.shell.total_blocking_time_ms} ms`,
      `≤ 60 KB ${check(r.shell_js_gzip_kb <= 60)}`,
    ],
    [
      'WebAssembly ÷ native llama.cpp, prefill (`wasm_vs_native_prefill_ratio`)',
      `${r.wasm_vs_native_prefill_ratio} (${r.native.wasm_prefill_tokens_per_s} ÷ ${r.native.native_prefill_tokens_per_s} tokens/s)`,
      'reported',
    ],
    [
      'WebAssembly ÷ native llama.cpp, decode (`wasm_vs_native_decode_ratio`)',
      `${r.wasm_vs_native_decode_ratio} (${r.native.wasm_decode_tokens_per_s} ÷ ${r.native.native_decode_tokens_per_s} tokens/s)`,
      'reported',
    ],
    [
      'Peak memory of all browser processes ÷ model size (`memory_ratio`)',
      `${r.memory_ratio} (${gb(r.memory.peak_mb * 1e6)} for a ${gb(r.memory.model_mb * 1e6)} model; ${r.memory.over_baseline_ratio} without the browser's own ${gb(r.memory.browser_before_mb * 1e6)})`,
      'reported',
    ],
    [
      'A model over 2 GB stored and loaded from IndexedDB (`over_2gb_load_ok`)',
      r.over_2gb_load_ok ? `**works**: ${s(r.over_2gb.load_from_storage_ms)} from storage, exact reply` : '**FAILED**',
      `works ${check(r.over_2gb_load_ok === true)}`,
    ],
    [
      'Passages of 250 tokens embedded a second, shipped model and threads (`embedding_passages_per_s`)',
      `**${r.embedding_passages_per_s}**`,
      `≥ 1.5 ${check(r.embedding_passages_per_s >= 1.5)}`,
    ],
    [
      'Prefill ÷ decode on a model of Phi-3-mini’s whole shape (`prefill_vs_decode`)',
      `**${r.prefill_vs_decode}** (${r.prefill_vs_decode_detail.prefill_tokens_per_s} ÷ ${r.prefill_vs_decode_detail.decode_tokens_per_s} tokens/s)`,
      `≥ 2 ${check(r.prefill_vs_decode >= 2)}`,
    ],
  ];
  return table(['Figure (`results.json` key)', 'Result', 'Goal'], rows);
}

const EMBED_LABELS: Record<string, string> = {
  ONNX_INT8: '**int8 ONNX on ONNX Runtime** (shipped)',
  F32: 'GGUF F32 on llama.cpp (the earlier default)',
  Q8_0: 'GGUF Q8_0 on llama.cpp',
  F16: 'GGUF F16 on llama.cpp',
};

function documents(r: Json): string {
  const byType: Record<string, Record<string, number>> = r.documents.embed_by_type;
  const counts = Object.keys(Object.values(byType)[0] ?? {});
  return table(
    ['File and engine', ...counts.map((c) => `${threadsOf(c)} thread${threadsOf(c) === '1' ? '' : 's'}`)],
    Object.entries(byType).map(([type, rates]) => [EMBED_LABELS[type] ?? type, ...counts.map((c) => `${rates[c]} passages/s`)]),
  );
}

function embedders(r: Json): string {
  const e = r.embedding_engines;
  const byThreads: Record<string, Record<string, number>> = e.passages_per_s;
  const counts = Object.keys(byThreads);
  const engines = Object.keys(byThreads[counts[0] ?? ''] ?? {});
  const size = (engine: string) =>
    mb(engine.includes('int8') ? e.file_bytes.onnx_int8 : engine.includes('ONNX') ? e.file_bytes.onnx_f32 : e.file_bytes.gguf);
  return table(
    ['Engine and file', 'File', ...counts.map((c) => `${threadsOf(c)} thread${threadsOf(c) === '1' ? '' : 's'}`)],
    engines.map((engine) => [engine, size(engine), ...counts.map((c) => byThreads[c]?.[engine] ?? '')]),
  );
}

function compat(r: Json): string {
  const w = r.wasm_builds;
  return table(
    ['Build', 'Load from IndexedDB', 'Prefill', 'Decode'],
    [
      [
        'Default (JSPI, Memory64)',
        `${w.default.load_ms} ms`,
        `${w.default.prefill_tokens_per_s} tokens/s`,
        `${w.default.decode_tokens_per_s} tokens/s`,
      ],
      [
        'Compat (Asyncify, 32-bit)',
        `${w.compat.load_ms} ms`,
        `${w.compat.prefill_tokens_per_s} tokens/s`,
        `${w.compat.decode_tokens_per_s} tokens/s`,
      ],
      [
        'Compat ÷ default',
        `**${w.compat_vs_default_load_ratio}**`,
        `**${w.compat_vs_default_prefill_ratio}**`,
        `**${w.compat_vs_default_decode_ratio}**`,
      ],
    ],
  );
}

const CONTEXT_LABELS: Record<string, string> = {
  shipped: '**Shipped**: flash attention, q8_0 KV cache',
  "llama.cpp's defaults (f16 KV cache)": "llama.cpp's defaults: flash attention, f16 KV cache",
  'flash attention off': 'Flash attention off (f16 KV cache)',
  'batch 256, shipped otherwise': 'Batch 256 (n_batch, n_ubatch), shipped otherwise',
};

function context(r: Json): string {
  const c = r.decode_by_context;
  const sizes = (c.context_tokens as number[]).map((n, i, all) => {
    const label = n < 1024 ? String(n) : `${n / 1024} k`;
    return i === all.length - 1 ? `${label} tokens` : label;
  });
  return table(
    ['llama.cpp settings', ...sizes],
    Object.entries(c.configs as Record<string, { decode_tokens_per_s: number[] }>).map(([name, row]) => [
      CONTEXT_LABELS[name] ?? name,
      ...row.decode_tokens_per_s,
    ]),
  );
}

function quant(r: Json): string {
  const q = r.cpu_quant;
  const types = Object.keys(q.by_type);
  // threads_N: the default build on N threads; compat_threads_N: the compat build.
  const counts = Object.keys(q.by_type[types[0] ?? '']).filter((k) => k.includes('threads_'));
  const simd = (type: string) => {
    const k = q.simd_in_kernels[type]?.default;
    return k ? `${k.simd_instructions} of ${k.instructions}` : '(inlined)';
  };
  return table(
    [
      'GGUF type',
      'File',
      ...counts.flatMap((c) => {
        const n = threadsOf(c.replace('compat_', ''));
        const label = `${n} thread${n === '1' ? '' : 's'}${c.startsWith('compat_') ? ', compat build' : ''}`;
        return [`Prefill, ${label}`, `Decode, ${label}`];
      }),
      'SIMD instructions in its kernel',
    ],
    types.map((type) => {
      const row = q.by_type[type];
      return [type, mb(row.file_bytes), ...counts.flatMap((c) => [row[c].prefill_tokens_per_s, row[c].decode_tokens_per_s]), simd(type)];
    }),
  );
}

function prefill(r: Json): string {
  const d = r.prefill_vs_decode_detail;
  const rows = [
    [
      `${d.prompt_tokens}-token batches (shipped)`,
      `${d.prefill_tokens_per_s} tok/s`,
      `${d.decode_tokens_per_s} tok/s`,
      `**${r.prefill_vs_decode}**`,
      `${d.decode_weight_gb_per_s} GB of weights/s`,
      `${d.prefill_gmac_per_s} / ${d.decode_gmac_per_s} G/s`,
    ],
    ...Object.entries(d.by_ubatch as Record<string, { prefill_tokens_per_s: number; decode_tokens_per_s: number }>).map(([ubatch, f]) => [
      `${ubatch}-token batches`,
      `${f.prefill_tokens_per_s} tok/s`,
      `${f.decode_tokens_per_s} tok/s`,
      (f.prefill_tokens_per_s / f.decode_tokens_per_s).toFixed(2),
      '',
      '',
    ]),
  ];
  return table(['Prompt batches', 'Prefill', 'Decode', 'Prefill ÷ decode', 'Decode reads', 'Multiply-adds (prefill / decode)'], rows);
}

function threads(r: Json): string {
  const by: Record<string, Json> = r.threads.by_count;
  return table(
    ['Threads', 'Prefill', 'Decode', 'Key to its handler', 'Key to the next frame', 'Long tasks'],
    Object.entries(by).map(([count, f]) => [
      count === String(r.machine.threads) ? `**${count}**` : count,
      `${f.prefill_tokens_per_s} tok/s`,
      `${f.decode_tokens_per_s} tok/s`,
      `${f.input_delay_ms} ms`,
      `${f.key_to_frame_ms} ms`,
      f.long_tasks,
    ]),
  );
}

/** The page that holds the tables (it was the README until the docs were split). */
export const BENCH_DOC = 'docs/performance.md';

export const TABLES: Record<string, (r: Json) => string> = { summary, documents, embedders, compat, context, quant, prefill, threads };

/** `doc` with every marked table made again from `record`; throws on a table the page lacks. */
export function withBenchTables(doc: string, record: Json): string {
  let out = doc;
  for (const [name, make] of Object.entries(TABLES)) {
    const block = new RegExp(`(<!-- bench:${name} -->\\n)[\\s\\S]*?(\\n<!-- /bench:${name} -->)`);
    if (!block.test(out)) throw new Error(`${BENCH_DOC} has no <!-- bench:${name} --> table`);
    out = out.replace(block, (_, open: string, close: string) => `${open}\n${make(record)}\n${close}`);
  }
  return out;
}

/** Table rows with their padding taken out (the formatter pads columns; what they say is what counts). */
export function tableText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const record = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  writeFileSync(BENCH_DOC, withBenchTables(readFileSync(BENCH_DOC, 'utf8'), record));
  execFileSync('npx', ['biome', 'format', '--write', BENCH_DOC], { stdio: 'ignore' });
  console.log(`${BENCH_DOC}: ${Object.keys(TABLES).length} tables made from bench/results.json (${record.date})`);
}
