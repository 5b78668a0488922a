// opencc-js exports its dictionaries and presets as plain modules without declarations.
declare module 'opencc-js/dict/*' {
  /** "source target|source target|…" */
  const dict: string;
  export default dict;
}
