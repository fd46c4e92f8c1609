/** An ONNX embedding model's files: its graph, and its tokenizer stored as a part of it. */
import type { OnnxModelSpec, StoredFileSpec } from '../../../shared/engine.ts';

/** Whether a stored file's address is an ONNX graph. */
export const isOnnxFile = (url: string): boolean => /\.onnx$/i.test(new URL(url).pathname);

/** The graph and the tokenizer as files the downloader stores; the tokenizer is part of the graph, so both go together. */
export function onnxFiles(spec: OnnxModelSpec): [StoredFileSpec, StoredFileSpec] {
  const file = (url: string) => decodeURIComponent(url.split('/').pop() ?? url);
  return [
    { url: spec.url, name: spec.name, format: 'onnx', sizeBytes: spec.sizeBytes, approxBytes: spec.approxBytes },
    { url: spec.tokenizerUrl, name: `${spec.name} (${file(spec.tokenizerUrl)})`, format: 'json', partOf: spec.url },
  ];
}
