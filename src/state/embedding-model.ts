/** The app's embedding model: `?embed=` (a catalog id, an ONNX or GGUF address, or an MLC base with `&embedLib=`) or BGE small. */

import type { EmbeddingModelSpec } from '../runtime/shared/engine.ts';
import { addressesOf } from '../runtime/shared/engines/index.ts';
import { embeddingModelFrom } from '../runtime/shared/models/embedding-models.ts';
import { allowHost } from '../runtime/shared/store/allowed-hosts.ts';

export function embeddingModel(): EmbeddingModelSpec {
  const params = new URLSearchParams(location.search);
  const param = params.get('embed');
  const model = embeddingModelFrom(param, location.href, params.get('embedLib'));
  if (param) for (const address of addressesOf(model)) void allowHost(address);
  return model;
}
