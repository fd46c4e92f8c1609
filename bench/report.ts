interface Documents {
  embed_chunks_per_s: number;
  embed_chunk_tokens: number;
  query_embed_ms: number;
  search_ms: Record<string, { first_ms: number; warm_ms: number; scan_ms: number }>;
}

interface EmbeddingEngines {
  passage_tokens: number;
  passages_per_s: Record<string, Record<string, number>>;
}

function embeddingEngineRows(e: EmbeddingEngines | undefined): [string, string][] {
  if (!e) return [];
  return Object.entries(e.passages_per_s).flatMap(([threads, rates]) =>
    Object.entries(rates).map(([engine, rate]): [string, string] => [
      `${engine}, ${threads.replace('threads_', '')} thread(s): ${e.passage_tokens}-token passages`,
      `${rate} passages/s`,
    ]),
  );
}

interface BuildFigures {
  load_ms: number;
  prefill_tokens_per_s: number;
  decode_tokens_per_s: number;
}
interface WasmBuilds {
  default: BuildFigures;
  compat: BuildFigures;
  compat_vs_default_load_ratio: number;
  compat_vs_default_prefill_ratio: number;
  compat_vs_default_decode_ratio: number;
}

function wasmBuildRows(w: WasmBuilds | undefined): [string, string][] {
  if (!w) return [];
  const pair = (key: keyof BuildFigures, unit: string) => `${w.compat[key]} ${unit} against ${w.default[key]} ${unit}`;
  return [
    ['Compat ÷ default WebAssembly build, load from IndexedDB', `${w.compat_vs_default_load_ratio} (${pair('load_ms', 'ms')})`],
    ['Compat ÷ default WebAssembly build, prefill', `${w.compat_vs_default_prefill_ratio} (${pair('prefill_tokens_per_s', 'tokens/s')})`],
    ['Compat ÷ default WebAssembly build, decode', `${w.compat_vs_default_decode_ratio} (${pair('decode_tokens_per_s', 'tokens/s')})`],
  ];
}

function documentRows(d: Documents | undefined): [string, string][] {
  if (!d) return [];
  return [
    [`Embedding throughput (bge-small shape, ${d.embed_chunk_tokens}-token chunks)`, `${d.embed_chunks_per_s} chunks/s`],
    ['Embedding one question', `${d.query_embed_ms} ms`],
    ...Object.entries(d.search_ms).map(([n, s]): [string, string] => [
      `Search over ${Number(n).toLocaleString('en')} chunks (first, then warm; the scan alone)`,
      `${s.first_ms} ms, then ${s.warm_ms} ms; ${s.scan_ms} ms`,
    ]),
  ];
}

type QuantRow = Record<string, number | { prefill_tokens_per_s: number; decode_tokens_per_s: number }>;

function quantRows(q: { by_type: Record<string, QuantRow> } | undefined): [string, string][] {
  if (!q) return [];
  return Object.entries(q.by_type).flatMap(([type, row]) =>
    Object.entries(row)
      .filter((e): e is [string, { prefill_tokens_per_s: number; decode_tokens_per_s: number }] => typeof e[1] === 'object')
      .map(([threads, f]): [string, string] => [
        `${type}, ${threads.replace('compat_', '').replace('threads_', '')} thread(s)${threads.startsWith('compat_') ? ', compat build' : ''}: prefill, decode`,
        `${f.prefill_tokens_per_s}, ${f.decode_tokens_per_s} tokens/s`,
      ]),
  );
}

interface ThreadRow {
  prefill_tokens_per_s: number;
  decode_tokens_per_s: number;
  input_delay_ms: number;
  key_to_frame_ms: number;
}

function threadRows(t: { by_count: Record<string, ThreadRow> } | undefined): [string, string][] {
  if (!t) return [];
  return Object.entries(t.by_count).map(([count, f]): [string, string] => [
    `App on ${count} thread(s): prefill, decode; slowest key typed while streaming (to handler, to frame)`,
    `${f.prefill_tokens_per_s}, ${f.decode_tokens_per_s} tokens/s; ${f.input_delay_ms} ms, ${f.key_to_frame_ms} ms`,
  ]);
}

interface Picture {
  encoder: unknown;
  prompt_tokens: number | null;
  attach_ms: number;
  send_to_first_token_ms: number;
  attach_to_first_token_ms: number;
}

function pictureRows(p: Picture | undefined): [string, string][] {
  if (!p) return [];
  return [
    [
      `A 1024 × 768 photo to its first token (CPU, ${typeof p.encoder === 'string' ? p.encoder : 'smoke-sized encoder'}; ${p.prompt_tokens} prompt tokens)`,
      `${p.attach_to_first_token_ms} ms (attach ${p.attach_ms} ms, then ${p.send_to_first_token_ms} ms)`,
    ],
  ];
}

/** The bench record as Markdown: each figure with its goal, then the details as JSON. */
export function markdown(r: Record<string, unknown>): string {
  const goal = (value: unknown, ok: boolean, target: string) => `${String(value)} (goal ${target}: ${ok ? 'met' : 'missed'})`;
  const n = (key: string) => Number(r[key]);
  const m = r.machine as { cores: number; chromium: string; threads: number };
  const link = (r.download_at_link_speed as { link_mb_per_s?: number } | undefined)?.link_mb_per_s;
  const byContext = r.decode_by_context as
    | { context_tokens: number[]; configs: Record<string, { decode_tokens_per_s: number[] }> }
    | undefined;
  const rows: [string, string][] = [
    ['Token path: app ÷ bare engine decode', goal(r.token_path_ratio, n('token_path_ratio') >= 0.97, '≥ 0.97')],
    ['Long tasks while streaming', goal(r.long_tasks, n('long_tasks') === 0, '0')],
    ['Longest frame gap while streaming', `${String(r.max_frame_gap_ms)} ms`],
    ['Input latency while streaming (slowest key, to the next frame)', `${String(r.input_latency_ms)} ms`],
    ['Turn 10 ÷ turn 1 time to first token (same message length)', goal(r.turn10_ttft_ratio, n('turn10_ttft_ratio') <= 1.2, '≤ 1.2')],
    [
      'Input delay while streaming at ~1.5 k tokens of context',
      goal(`${String(r.input_delay_ms_long)} ms`, n('input_delay_ms_long') <= 16.7, '≤ 16.7 ms'),
    ],
    ['Warm start ÷ reading the bytes', goal(r.warm_start_ratio, n('warm_start_ratio') <= 1.3, '≤ 1.3')],
    ['Warm start: app ÷ bare engine page', goal(r.warm_start_app_vs_bare, n('warm_start_app_vs_bare') <= 1.1, '≤ 1.1')],
    ['Download and store ÷ plain fetch (loopback)', goal(r.download_ratio, n('download_ratio') <= 1.2, '≤ 1.2')],
    [
      `Download and store ÷ plain fetch (${String(link)} MB/s link)`,
      goal(r.download_ratio_at_link_speed, n('download_ratio_at_link_speed') <= 1.2, '≤ 1.2'),
    ],
    ['App shell before first paint (gzip)', goal(`${String(r.shell_js_gzip_kb)} KB`, n('shell_js_gzip_kb') <= 60, '≤ 60 KB')],
    ['WebAssembly ÷ native llama.cpp, prefill', String(r.wasm_vs_native_prefill_ratio)],
    ['WebAssembly ÷ native llama.cpp, decode', String(r.wasm_vs_native_decode_ratio)],
    ['Peak browser memory ÷ model size', String(r.memory_ratio)],
    ['Over 2 GB from IndexedDB', r.over_2gb_load_ok === undefined ? 'not run' : r.over_2gb_load_ok ? 'works' : 'FAILED'],
    ...(r.embedding_passages_per_s === undefined
      ? []
      : [
          [
            `Passages of 250 tokens embedded per second (shipped model, ${m.threads} thread(s))`,
            goal(r.embedding_passages_per_s, n('embedding_passages_per_s') >= 1.5, '≥ 1.5'),
          ] as [string, string],
        ]),
    ...documentRows(r.documents as Documents | undefined),
    ...embeddingEngineRows(r.embedding_engines as EmbeddingEngines | undefined),
    ...wasmBuildRows(r.wasm_builds as WasmBuilds | undefined),
    ...(r.prefill_vs_decode === undefined
      ? []
      : [
          ['Prefill ÷ decode on Phi-3-mini’s shape (Q4_K_M mix)', goal(r.prefill_vs_decode, n('prefill_vs_decode') >= 2, '≥ 2')] as [
            string,
            string,
          ],
        ]),
    ...threadRows(r.threads as { by_count: Record<string, ThreadRow> } | undefined),
    ...quantRows(r.cpu_quant as { by_type: Record<string, QuantRow> } | undefined),
    ...pictureRows(r.picture as Picture | undefined),
  ];
  const contextTable = byContext
    ? [
        '',
        `Decode tokens/s by context (${byContext.context_tokens.join(' / ')} tokens):`,
        '',
        '| llama.cpp settings | Decode tokens/s |',
        '| --- | --- |',
        ...Object.entries(byContext.configs).map(([name, row]) => `| ${name} | ${row.decode_tokens_per_s.join(' / ')} |`),
      ]
    : [];
  return [
    `# InPage benchmarks — ${String(r.date)} (${String(r.mode)}, ${String(r.runs)} runs, median)`,
    '',
    `Machine: ${m.cores} cores, Chromium ${m.chromium}, llama.cpp on ${m.threads} threads.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    ...rows.filter(([, value]) => !value.startsWith('undefined')).map(([name, value]) => `| ${name} | ${value} |`),
    ...contextTable,
    '',
    '```json',
    JSON.stringify(
      {
        token_path: r.token_path,
        multi_turn: r.multi_turn,
        warm_start: r.warm_start,
        download: r.download,
        download_at_link_speed: r.download_at_link_speed,
        shell: r.shell,
        native: r.native,
        memory: r.memory,
        over_2gb: r.over_2gb,
      },
      null,
      2,
    ),
    '```',
    ...(Array.isArray(r.notes) && r.notes.length ? ['', ...(r.notes as string[]).map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}
