export { Module, ModuleList, Parameter } from './module';
export type { StateDict } from './module';
export { Linear, Embedding, LayerNorm, Dropout, GELU } from './layers';
