/**
 * web-llm's embedding models (snowflake-arctic-embed) on WebGPU: files through our downloader into
 * web-llm's cache, then its own MLCEngine, separate from the chat engine so indexing never unloads it.
 */

import type { MLCEngine } from '@mlc-ai/web-llm';
import type { LoadProgress, MlcModelSpec, ModelSpec } from '../../../shared/engine.ts';
import { storageKeyOf } from '../../../shared/engines/index.ts';
import { AbortError, InvalidRequestError, ModelNotLoadedError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import type { Embedded, Embedder } from '../../documents/embedder.ts';
import { normalized } from '../../documents/embedder.ts';
import { rememberMlcModel } from '../../store/mlc-registry.ts';
import { downloadMissing, resolveModelFiles } from './model-files.ts';
import { appConfigFor, webllm } from './webllm-engine.ts';
import { mapWebLLMError } from './webllm-errors.ts';

export class WebLLMEmbedder implements Embedder {
  private loaded: { engine: MLCEngine; spec: MlcModelSpec } | null = null;

  async load(
    spec: ModelSpec,
    { signal, onProgress }: { signal?: AbortSignal | undefined; onProgress?: ((p: LoadProgress) => void) | undefined } = {},
  ): Promise<void> {
    if (spec.engine !== 'web-llm') throw new InvalidRequestError(say('notWebllmModel', { name: spec.name }));
    if (this.loaded?.spec.id === spec.id) return;
    await this.unload();
    const files = await resolveModelFiles(spec, signal);
    await rememberMlcModel({ base: files.base, lib: spec.modelLib, id: spec.id, name: spec.name });
    await downloadMissing(spec, files, { signal, onProgress });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    const { MLCEngine, ModelType } = await webllm();
    const engine = new MLCEngine({ logLevel: 'WARN' });
    const config = appConfigFor(spec);
    engine.setAppConfig({ ...config, model_list: config.model_list.map((m) => ({ ...m, model_type: ModelType.embedding })) });
    try {
      await engine.reload(spec.id);
    } catch (error) {
      await engine.unload().catch(() => {});
      throw mapWebLLMError(error, spec, 'load');
    }
    this.loaded = { engine, spec };
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedded> {
    const loaded = this.loaded;
    if (!loaded) throw new ModelNotLoadedError(say('noEmbeddingModelLoaded'));
    if (signal?.aborted) throw new AbortError(say('embeddingCancelled'));
    try {
      const response = await loaded.engine.embeddings.create({ input: [...texts] });
      const vectors = response.data.map((d) => normalized(Float32Array.from(d.embedding as number[])));
      return { vectors, promptTokens: response.usage.prompt_tokens, contextLength: loaded.spec.contextLength ?? 512 };
    } catch (error) {
      throw mapWebLLMError(error, loaded.spec, 'chat');
    }
  }

  async unloadIf(key: string): Promise<void> {
    if (this.loaded && storageKeyOf(this.loaded.spec) === key) await this.unload();
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    await loaded?.engine.unload().catch(() => {});
  }
}
